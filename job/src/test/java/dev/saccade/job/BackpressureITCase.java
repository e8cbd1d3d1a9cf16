package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.kafka.KafkaIO;
import dev.saccade.models.cascade.FocusBatcher;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.adaptive.FocusOperator;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A focus stage far slower than its input (each f_L step 250 ms longer, as on a saturated GPU): its queue stays
 * within its bound, the frames source is held back instead of buffering (Kafka keeps what is not read yet), and every
 * clip still gets exactly one event.
 */
class BackpressureITCase {
    private static final int STREAMS = 4;
    private static final int FRAMES = 64;
    private static final int T = 8;
    private static final int BATCH = 2;
    private static final int QUEUE = 2;

    /** Frames the source has handed to the pipeline (a chained map right after it). */
    static final AtomicInteger READ = new AtomicInteger();

    /** The most requests the slow focus operator held at once. */
    static final AtomicInteger MAX_PENDING = new AtomicInteger();

    /** The focus operator with a slowed model: each f_L step costs 250 ms more, as on a saturated device. */
    static final class SlowFocus extends FocusOperator {
        SlowFocus(ModelSettings model) {
            super(model);
        }

        @Override
        protected List<FocusBatcher.Result> runBatch(FocusBatcher batcher) {
            MAX_PENDING.accumulateAndGet(pending(), Math::max);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.runBatch(batcher);
        }

        @Override
        public void processElement(StreamRecord<FocusRequest> element) {
            super.processElement(element);
            MAX_PENDING.accumulateAndGet(pending(), Math::max);
        }
    }

    static final class CountRead implements MapFunction<FrameEnvelope, FrameEnvelope> {
        @Override
        public FrameEnvelope map(FrameEnvelope f) {
            READ.incrementAndGet();
            return f;
        }
    }

    @Test
    void aSlowFocusStageHoldsTheSourceBackAndLosesNothing() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Configuration conf = new Configuration();
            conf.set(JobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            conf.set(JobOptions.FRAMES_TOPIC, "bp-frames");
            conf.set(JobOptions.GROUP_ID, "bp");
            conf.set(OperatorOptions.MODE, OperatorOptions.Mode.ADAPTIVE);
            conf.setString(OperatorOptions.STAGE.key(), "glance");
            conf.set(OperatorOptions.MODEL_BUNDLE, "../models/bundle");
            conf.set(OperatorOptions.MOTION_GATE, false);
            // never confident at the glance: every clip needs the slow focus stage
            conf.set(OperatorOptions.EXIT_THRESHOLDS, List.of(2.0, 0.97, 0.97, 0.97, 0.0));
            conf.set(OperatorOptions.FOCUS_BATCH_SIZE, BATCH);
            conf.set(OperatorOptions.FOCUS_QUEUE_CAPACITY, QUEUE);
            conf.set(OperatorOptions.CLIP_QUIET_TIMEOUT, Duration.ofMinutes(5));
            JobSettings s = JobSettings.from(conf);
            broker.createTopics(1, s.framesTopic());
            int total = produce(broker, s.framesTopic());
            int clips = STREAMS * FRAMES / T;

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    SaccadeJob.withPipelineDefaults(new Configuration()));
            env.setParallelism(1);
            DataStream<FrameEnvelope> frames = env.fromSource(KafkaIO.frameSource(s), KafkaIO.watermarks(s), "frames")
                    .map(new CountRead())
                    .returns(FrameEnvelope.class);
            SaccadePipeline.Outputs glance =
                    SaccadePipeline.build(frames, s.operators(), s.model(), SaccadePipeline.SlotGroups.named());
            DataStream<ClassifiedEvent> focused = glance.focusRequests()
                    .transform("slow-focus", TypeInformation.of(ClassifiedEvent.class), new SlowFocus(s.model()))
                    .slotSharingGroup("focus");

            List<ClassifiedEvent> events = new ArrayList<>();
            int maxLead = 0;
            try (CloseableIterator<ClassifiedEvent> it =
                    glance.events().union(focused).executeAndCollect("backpressure-it")) {
                while (events.size() < clips && it.hasNext()) {
                    ClassifiedEvent e = it.next();
                    events.add(e);
                    // frames read from Kafka but not yet decided: what the job holds in its buffers and state
                    maxLead = Math.max(maxLead, READ.get() - T * events.size());
                }
            }

            System.err.println("backpressure-it: at most " + maxLead + " of " + total
                    + " frames read and undecided at once, at most " + MAX_PENDING.get() + " requests at focus");
            // at 250 ms a step of 2 clips with up to 4 steps each, the 32 clips take seconds at the focus stage while
            // the glance needs about 2 s for
            // them: a source that is not held back has read everything while most clips are still undecided
            assertThat(maxLead)
                    .as("frames read from Kafka but not decided yet, at most")
                    .isLessThanOrEqualTo(total / 2);
            assertThat(MAX_PENDING.get()).isLessThanOrEqualTo(BATCH + QUEUE);
            Map<String, Long> perClip = events.stream()
                    .collect(Collectors.groupingBy(e -> e.getClipId().toString(), Collectors.counting()));
            assertThat(perClip)
                    .hasSize(clips)
                    .allSatisfy((c, n) -> assertThat(n).as(c).isOne());
            assertThat(events)
                    .allSatisfy(e -> assertThat(e.getStage().toString()).startsWith("focus-"));
        }
    }

    private static int produce(EmbeddedKafkaBroker broker, String topic) throws Exception {
        List<SceneGenerator> generators = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            generators.add(new SceneGenerator(SceneConfig.defaults().withClipLength(T), 70 + s));
        }
        int sent = 0;
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers())) {
            for (int seq = 0; seq < FRAMES; seq++) {
                for (int s = 0; s < STREAMS; s++) {
                    SceneFrame f = generators.get(s).nextFrame();
                    VideoFrame v = VideoFrame.newBuilder()
                            .setStreamId("cam-" + s)
                            .setSequence(seq)
                            .setCaptureTime(Instant.now())
                            .setWidth(f.width())
                            .setHeight(f.height())
                            .setEncoding(FrameEncoding.RAW_BGR24)
                            .setPayload(ByteBuffer.wrap(f.bgr()))
                            .setMetadata(null)
                            .build();
                    producer.send(new ProducerRecord<>(topic, 0, "cam-" + s, AvroBytes.encode(v)));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }
}
