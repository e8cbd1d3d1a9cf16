package dev.saccade.job;

import dev.saccade.operators.DeadLetterOutput;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.clip.ClipAssemblyFunction;
import dev.saccade.operators.diff.FrameDifferencingFunction;
import dev.saccade.operators.motion.ClassifyMotionFunction;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The whole pipeline as a function from frame records to events plus dead letters. Tests call it with their own
 * sources and sinks; {@link SaccadeJob} plugs in Kafka.
 */
public final class SaccadePipeline {

  /** What the pipeline produces. */
  public record Outputs(DataStream<ClassifiedEvent> events, DataStream<DeadLetter> deadLetters) {}

  private SaccadePipeline() {}

  public static Outputs build(DataStream<FrameEnvelope> records, OperatorSettings settings) {
    SingleOutputStreamOperator<FrameEnvelope> readable =
        records.process(new SplitUnreadable()).name("route-unreadable").uid("route-unreadable");

    SingleOutputStreamOperator<FrameChange> changes = readable
        .keyBy(new StreamOfEnvelope(), Types.STRING)
        .process(new FrameDifferencingFunction(settings))
        .name("decode-and-difference").uid("decode-and-difference");

    // frames stay in the subtask that owns their stream, so the next keyed step chains without a shuffle
    KeyedStream<FrameChange, String> changesByStream =
        DataStreamUtils.reinterpretAsKeyedStream(changes, new StreamOfChange(), Types.STRING);
    SingleOutputStreamOperator<Clip> clips = changesByStream
        .process(new ClipAssemblyFunction(settings))
        .name("assemble-clips").uid("assemble-clips");

    SingleOutputStreamOperator<ClassifiedEvent> events = clips
        .process(new ClassifyMotionFunction(settings))
        .name("classify-motion").uid("classify-motion");

    DataStream<DeadLetter> deadLetters = readable.getSideOutput(DeadLetterOutput.TAG)
        .union(changes.getSideOutput(DeadLetterOutput.TAG));
    return new Outputs(events, deadLetters);
  }

  /** Sends records that could not be read as frames to the dead letters, before anything keys by stream. */
  static final class SplitUnreadable extends ProcessFunction<FrameEnvelope, FrameEnvelope> {
    @Override
    public void processElement(FrameEnvelope e, Context ctx, Collector<FrameEnvelope> out) {
      if (e.rejected != null) {
        ctx.output(DeadLetterOutput.TAG, e.rejected);
      } else {
        out.collect(e);
      }
    }
  }

  /** Key: the frame's stream id. */
  static final class StreamOfEnvelope implements KeySelector<FrameEnvelope, String> {
    @Override
    public String getKey(FrameEnvelope e) {
      return e.frame.getStreamId();
    }
  }

  /** Key: the change's stream id. */
  static final class StreamOfChange implements KeySelector<FrameChange, String> {
    @Override
    public String getKey(FrameChange c) {
      return c.streamId;
    }
  }
}
