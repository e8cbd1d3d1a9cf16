package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adaptive and dense pipelines on real Flink (MiniCluster) with the shipped bundle: one event per clip, stages
 * and costs as the cascade decides them, and the split deployment (glance job, then focus job on its requests) gives
 * the same events as the whole job.
 */
class AdaptivePipelineITCase {
    private static final String BUNDLE = "../models/bundle";
    private static final int STREAMS = 3;
    private static final int CLIPS_PER_STREAM = 4;
    private static final int T = 8;
    /** Never confident at the glance, strict focus exits: every moving clip goes through focus. */
    private static final List<Double> FOCUS_EVERYTHING = List.of(2.0, 0.97, 0.97, 0.97, 0.0);

    private static List<FrameEnvelope> frames;
    private static Map<String, String> truth;

    @BeforeAll
    static void render() {
        frames = new ArrayList<>();
        truth = new java.util.HashMap<>();
        List<SceneGenerator> generators = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            generators.add(
                    new SceneGenerator(SceneConfig.defaults().withClipLength(T).withQuietFraction(0.3), 40 + s));
        }
        for (int seq = 0; seq < CLIPS_PER_STREAM * T; seq++) {
            for (int s = 0; s < STREAMS; s++) {
                SceneFrame f = generators.get(s).nextFrame();
                String stream = "cam-" + s;
                truth.put(stream + ":" + (seq / T * T), f.label().label());
                VideoFrame v = VideoFrame.newBuilder()
                        .setStreamId(stream)
                        .setSequence(seq)
                        .setCaptureTime(Instant.ofEpochMilli(1_000_000L + seq * 100L))
                        .setWidth(f.width())
                        .setHeight(f.height())
                        .setEncoding(FrameEncoding.RAW_BGR24)
                        .setPayload(ByteBuffer.wrap(f.bgr()))
                        .setMetadata(null)
                        .build();
                frames.add(FrameEnvelope.of(v, "frames", s, seq));
            }
        }
    }

    private static Configuration conf(String mode, String stage, List<Double> thresholds) {
        Configuration c = new Configuration();
        c.setString(OperatorOptions.MODE.key(), mode);
        c.setString(OperatorOptions.STAGE.key(), stage);
        c.setString(OperatorOptions.MODEL_BUNDLE.key(), BUNDLE);
        if (thresholds != null) {
            c.set(OperatorOptions.EXIT_THRESHOLDS, thresholds);
        }
        c.set(OperatorOptions.FOCUS_BATCH_SIZE, 4);
        // every clip is complete: a busy 2-core machine must not turn a slow subtask into a "quiet" stream
        c.set(OperatorOptions.CLIP_QUIET_TIMEOUT, java.time.Duration.ofMinutes(5));
        return c;
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                SaccadeJob.withPipelineDefaults(new Configuration()));
        env.setParallelism(2);
        return env;
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<ClassifiedEvent> run(Configuration c) throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<FrameEnvelope> in = env.fromData(frames, TypeInformation.of(FrameEnvelope.class));
        return collect(SaccadePipeline.build(
                        in, OperatorSettings.from(c), ModelSettings.from(c), SaccadePipeline.SlotGroups.named())
                .events());
    }

    private static Map<String, ClassifiedEvent> byClip(List<ClassifiedEvent> events) {
        return events.stream().collect(Collectors.toMap(e -> e.getClipId().toString(), Function.identity()));
    }

    @Test
    void adaptiveDecidesEveryClipOnceAndCountsWhatRan() throws Exception {
        List<ClassifiedEvent> events = run(conf("adaptive", "all", null));

        assertThat(events).hasSize(STREAMS * CLIPS_PER_STREAM);
        assertThat(byClip(events).keySet()).isEqualTo(truth.keySet());
        long correct = events.stream()
                .filter(e ->
                        e.getLabel().toString().equals(truth.get(e.getClipId().toString())))
                .count();
        assertThat(correct)
                .as("clips labelled as the generator drew them")
                .isGreaterThanOrEqualTo(events.size() * 3 / 4);
        double denseGlanceGmacs;
        try (dev.saccade.models.bundle.ModelBundle b =
                dev.saccade.models.bundle.ModelBundle.load(java.nio.file.Path.of(BUNDLE))) {
            denseGlanceGmacs = b.nets().glanceMacsPerClip() / 1e9;
        }
        // f_G on ONNX Runtime (the default) is dense: every glance costs exactly the dense glance
        assertThat(events)
                .filteredOn(e -> e.getStage().toString().equals("glance"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getGmacs()).isCloseTo(denseGlanceGmacs, within(1e-6)));
        // skip-convolutions recompute only what changed: every glance costs less than the dense f_G
        Configuration skip = conf("adaptive", "all", null);
        skip.set(OperatorOptions.GLANCE_ENCODER, OperatorOptions.GlanceEncoder.SKIP_CONV);
        List<ClassifiedEvent> skipped = run(skip);
        assertThat(byClip(skipped).keySet()).isEqualTo(truth.keySet());
        assertThat(skipped.stream()
                        .filter(e -> e.getLabel()
                                .toString()
                                .equals(truth.get(e.getClipId().toString())))
                        .count())
                .as("clips labelled as the generator drew them, skip-convolution glance")
                .isGreaterThanOrEqualTo(skipped.size() * 3 / 4);
        assertThat(skipped)
                .filteredOn(e -> e.getStage().toString().equals("glance"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getGmacs()).isLessThan(denseGlanceGmacs));
        for (ClassifiedEvent e : events) {
            assertThat(e.getStage().toString()).isIn("motion", "glance");
            assertThat(e.getDenseGmacs()).isGreaterThan(1.0);
            assertThat(e.getGmacs()).isLessThan(e.getDenseGmacs() / 10);
            assertThat(e.getModelVersion().toString()).startsWith("synthetic-");
            if (e.getStage().toString().equals("motion")) {
                assertThat(e.getGmacs()).isZero();
                assertThat(e.getLabel().toString()).isEqualTo("idle");
            }
        }
    }

    @Test
    void denseRunsTheFullModelOnEveryClip() throws Exception {
        List<ClassifiedEvent> events = run(conf("dense", "all", null));

        assertThat(byClip(events).keySet()).isEqualTo(truth.keySet());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getStage().toString()).isEqualTo("dense");
            assertThat(e.getGmacs()).isEqualTo(e.getDenseGmacs()).isGreaterThan(1.0);
        });
    }

    @Test
    void splitGlanceAndFocusJobsGiveTheSameEventsAsOneJob() throws Exception {
        Map<String, ClassifiedEvent> whole = byClip(run(conf("adaptive", "all", FOCUS_EVERYTHING)));
        assertThat(whole.values())
                .extracting(e -> e.getStage().toString())
                .as("the strict thresholds send clips through focus")
                .anyMatch(s -> s.startsWith("focus-"));

        Configuration glanceConf = conf("adaptive", "glance", FOCUS_EVERYTHING);
        StreamExecutionEnvironment env = env();
        SaccadePipeline.Outputs glance = SaccadePipeline.build(
                env.fromData(frames, TypeInformation.of(FrameEnvelope.class)), OperatorSettings.from(glanceConf),
                ModelSettings.from(glanceConf), SaccadePipeline.SlotGroups.named());
        // one job, two outputs
        List<ClassifiedEvent> glanceEvents = new ArrayList<>();
        List<FocusRequest> requests = new ArrayList<>();
        try (CloseableIterator<ClassifiedEvent> ev = glance.events().collectAsync();
                CloseableIterator<FocusRequest> rq = glance.focusRequests().collectAsync()) {
            env.executeAsync("glance stage");
            // both results are fetched at once: a collect sink nobody reads from blocks the job
            Thread reader = new Thread(() -> rq.forEachRemaining(requests::add));
            reader.start();
            ev.forEachRemaining(glanceEvents::add);
            reader.join(120_000);
        }
        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getPatches()).isNotEmpty().hasSizeLessThanOrEqualTo(4);
            // only patches travel, never whole frames
            assertThat(r.getPatches()).allSatisfy(p -> assertThat(p.getBgr().remaining())
                    .isEqualTo(p.getSize() * p.getSize() * 3)
                    .isLessThan(320 * 240 * 3 / 4));
        });

        Configuration focusConf = conf("adaptive", "focus", FOCUS_EVERYTHING);
        StreamExecutionEnvironment focusEnv = env();
        List<ClassifiedEvent> focusEvents = collect(SaccadePipeline.focus(
                focusEnv.fromData(requests, TypeInformation.of(FocusRequest.class)),
                ModelSettings.from(focusConf),
                SaccadePipeline.SlotGroups.named()));

        List<ClassifiedEvent> split = new ArrayList<>(glanceEvents);
        split.addAll(focusEvents);
        Map<String, ClassifiedEvent> splitByClip = byClip(split);
        assertThat(splitByClip.keySet()).isEqualTo(whole.keySet());
        for (String clip : whole.keySet()) {
            ClassifiedEvent a = whole.get(clip);
            ClassifiedEvent b = splitByClip.get(clip);
            assertThat(b.getStage()).as(clip).isEqualTo(a.getStage());
            assertThat(b.getLabel()).as(clip).isEqualTo(a.getLabel());
            assertThat(b.getConfidence())
                    .as(clip)
                    .isCloseTo(a.getConfidence(), org.assertj.core.api.Assertions.within(1e-5f));
            assertThat(b.getPatches()).as(clip).isEqualTo(a.getPatches());
            assertThat(b.getGmacs()).as(clip).isEqualTo(a.getGmacs());
        }
        assertThat(Set.copyOf(
                        focusEvents.stream().map(e -> e.getClipId().toString()).toList()))
                .isEqualTo(Set.copyOf(
                        requests.stream().map(r -> r.getClipId().toString()).toList()));
    }
}
