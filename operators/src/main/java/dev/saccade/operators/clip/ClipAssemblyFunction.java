package dev.saccade.operators.clip;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per stream: gathers frames into clips of the configured length; a stream that goes quiet has its partial clip
 * flushed after the quiet timeout, and then keeps no state at all.
 */
public class ClipAssemblyFunction extends KeyedProcessFunction<String, FrameChange, Clip> {
  private final OperatorSettings settings;

  private transient ListState<FrameSummary> frames;
  private transient ValueState<Integer> frameCount;
  private transient ValueState<Long> quietTimer;

  public ClipAssemblyFunction(OperatorSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    frames = getRuntimeContext().getListState(
        new ListStateDescriptor<>("clip-frames", TypeInformation.of(FrameSummary.class)));
    frameCount = getRuntimeContext().getState(new ValueStateDescriptor<>("clip-frame-count", Types.INT));
    quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
  }

  @Override
  public void processElement(FrameChange frame, Context ctx, Collector<Clip> out) throws Exception {
    frames.add(FrameSummary.of(frame));
    int count = frameCount.value() == null ? 1 : frameCount.value() + 1;
    Long timer = quietTimer.value();
    if (timer != null) {
      ctx.timerService().deleteProcessingTimeTimer(timer);
    }
    if (count >= settings.clipLength()) {
      emit(ctx.getCurrentKey(), false, out);
      return;
    }
    frameCount.update(count);
    long at = ctx.timerService().currentProcessingTime() + settings.clipQuietTimeoutMs();
    ctx.timerService().registerProcessingTimeTimer(at);
    quietTimer.update(at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Clip> out) throws Exception {
    Long expected = quietTimer.value();
    if (expected != null && expected == timestamp) {
      emit(ctx.getCurrentKey(), true, out);
    }
  }

  private void emit(String streamId, boolean partial, Collector<Clip> out) throws Exception {
    List<FrameSummary> buffered = new ArrayList<>();
    for (FrameSummary s : frames.get()) {
      buffered.add(s);
    }
    frames.clear();
    frameCount.clear();
    quietTimer.clear();
    if (!buffered.isEmpty()) {
      out.collect(ClipBuilder.build(streamId, buffered, partial));
    }
  }
}
