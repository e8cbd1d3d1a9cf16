package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batching focus operator: exits at the cascade's steps, bounded queue, max wait, nothing left behind. */
class FocusOperatorTest {
    static final Path BUNDLE = Path.of("../models/bundle");
    private static final double[] THRESHOLDS = {2.0, 0.97, 0.97, 0.97, 0.0}; // every clip goes to focus
    private static final int CLIPS = 10;
    private static ModelBundle bundle;
    private static List<FocusRequest> requests;
    private static List<AdaptiveCascade.Decision> sequential;

    @BeforeAll
    static void glance() throws Exception {
        bundle = ModelBundle.load(BUNDLE);
        int t = bundle.manifest().clipLength();
        // the first validation background of the synthetic workload
        List<ClipData> clips = SceneClips.first(500_000, CLIPS, t);
        requests = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<GlanceStage.Glance> glances = new GlanceStage(bundle.nets(), THRESHOLDS[0]).run(m, clips);
            for (int i = 0; i < CLIPS; i++) {
                requests.add(FocusRequests.of(clip("cam-" + i, t), clips.get(i), glances.get(i), 1.4, "test"));
            }
            sequential = new AdaptiveCascade(bundle.nets(), THRESHOLDS).classify(m, clips, new MacLedger());
        }
    }

    @AfterAll
    static void close() {
        bundle.close();
    }

    static Clip clip(String stream, int t) {
        Clip c = new Clip();
        c.streamId = stream;
        c.firstSequence = 0;
        c.lastSequence = t - 1;
        c.clipId = Clip.clipId(stream, 0);
        c.sequences = java.util.stream.LongStream.range(0, t).toArray();
        c.firstCaptureTimeMs = 1_000;
        c.lastCaptureTimeMs = 1_000 + 100L * (t - 1);
        return c;
    }

    private static OneInputStreamOperatorTestHarness<FocusRequest, ClassifiedEvent> harness(FocusOperator op)
            throws Exception {
        OneInputStreamOperatorTestHarness<FocusRequest, ClassifiedEvent> h =
                new OneInputStreamOperatorTestHarness<>(op);
        h.setup();
        h.open();
        return h;
    }

    private static ModelSettings settings(int batch, int queue, long maxWaitMs) {
        return ModelSettings.from(config(batch, queue, maxWaitMs));
    }

    private static Configuration config(int batch, int queue, long maxWaitMs) {
        return (new Configuration()
                .set(OperatorOptions.MODE, OperatorOptions.Mode.ADAPTIVE)
                .set(OperatorOptions.MODEL_BUNDLE, BUNDLE.toString())
                .set(OperatorOptions.FOCUS_BATCH_SIZE, batch)
                .set(OperatorOptions.FOCUS_MAX_WAIT, java.time.Duration.ofMillis(maxWaitMs))
                .set(OperatorOptions.FOCUS_QUEUE_CAPACITY, queue)
                .set(OperatorOptions.FOCUS_DEVICE, OperatorOptions.Device.CPU));
    }

    private static List<ClassifiedEvent> events(OneInputStreamOperatorTestHarness<?, ClassifiedEvent> h) {
        return h.extractOutputValues();
    }

    @Test
    void clipsExitAtTheSameStepsAsTheSequentialCascade() throws Exception {
        FocusOperator op = new FocusOperator(settings(4, 16, 60_000), THRESHOLDS);
        try (var h = harness(op)) {
            for (FocusRequest r : requests) {
                h.processElement(new StreamRecord<>(r));
            }
            h.endInput();

            Map<String, ClassifiedEvent> byClip = events(h).stream()
                    .collect(Collectors.toMap(e -> e.getStreamId().toString(), Function.identity()));
            assertThat(byClip).hasSize(CLIPS);
            for (int i = 0; i < CLIPS; i++) {
                ClassifiedEvent e = byClip.get("cam-" + i);
                AdaptiveCascade.Decision d = sequential.get(i);
                assertThat(e.getStage()).as("clip %d", i).isEqualTo(d.stage());
                assertThat(e.getLabelIndex()).as("clip %d", i).isEqualTo(d.label());
                // both paths within the focus network's float32 budget of float64 (BundleSelfCheck): twice it apart
                assertThat(e.getConfidence()).isCloseTo(d.confidence(), within((float)
                        (2 * BundleSelfCheck.tolerance(bundle.nets(), "focus", false))));
                assertThat(e.getPatches()).hasSize(d.looked().size());
                assertThat(e.getPatches().get(0).getX())
                        .isEqualTo(d.looked().get(0).box().x());
                assertThat(e.getGmacs()).isCloseTo(d.macs() / 1e9, within(1e-9));
                assertThat(e.getDenseGmacs()).isEqualTo(1.4);
            }
            assertThat(sequential).extracting(AdaptiveCascade.Decision::stage).contains("focus-1", "focus-4");
            assertThat(op.pending()).isZero();
        }
    }

    @Test
    void clipsOlderThanTheMaxAgeAreDecidedAtTheGlanceAndFlaggedDegraded() throws Exception {
        ModelSettings s = ModelSettings.from(
                config(4, 16, 60_000).set(OperatorOptions.FOCUS_MAX_AGE, java.time.Duration.ofSeconds(5)));
        FocusOperator op = new FocusOperator(s, THRESHOLDS);
        try (var h = harness(op)) {
            // the clips ended at 1.7 s: a young one at 6 s goes to focus, an old one at 6.8 s does not
            h.setProcessingTime(6_000);
            h.processElement(new StreamRecord<>(requests.get(0)));
            h.setProcessingTime(6_800);
            h.processElement(new StreamRecord<>(requests.get(1)));
            h.endInput();

            Map<String, ClassifiedEvent> byClip = events(h).stream()
                    .collect(Collectors.toMap(e -> e.getStreamId().toString(), Function.identity()));
            ClassifiedEvent young = byClip.get("cam-0");
            assertThat(young.getDegraded()).isFalse();
            assertThat(young.getStage().toString())
                    .isEqualTo(sequential.get(0).stage())
                    .startsWith("focus-");
            ClassifiedEvent old = byClip.get("cam-1");
            assertThat(old.getDegraded()).isTrue();
            assertThat(old.getStage().toString()).isEqualTo("glance");
            assertThat(old.getPatches()).isEmpty();
            assertThat(old.getGmacs()).isEqualTo(requests.get(1).getGlanceGmacs());
            List<Float> glance = requests.get(1).getGlanceProbabilities();
            int best = glance.indexOf(java.util.Collections.max(glance));
            assertThat(old.getLabelIndex()).isEqualTo(best);
            assertThat(old.getConfidence()).isEqualTo(glance.get(best));
            assertThat(op.pending()).isZero();
        }
    }

    @Test
    void aFullQueueRunsBatchesBeforeTakingMoreWithoutWaitingForTheTimer() throws Exception {
        int batch = 2;
        int queue = 1;
        FocusOperator op = new FocusOperator(settings(batch, queue, 60_000), THRESHOLDS);
        try (var h = harness(op)) {
            for (FocusRequest r : requests) {
                h.processElement(new StreamRecord<>(r));
                // the bound holds after every element: the input thread did the work instead of buffering
                assertThat(op.pending()).isLessThanOrEqualTo(batch + queue);
            }
            // processing time never moved: whatever came out was pushed out by the full queue
            assertThat(events(h)).hasSizeGreaterThanOrEqualTo(CLIPS - (batch + queue));
            assertThat(h.getProcessingTime()).isZero();
        }
    }

    @Test
    void aLoneRequestWaitsAtMostTheMaxWait() throws Exception {
        FocusOperator op = new FocusOperator(settings(8, 16, 50), THRESHOLDS);
        try (var h = harness(op)) {
            h.setProcessingTime(1_000);
            h.processElement(new StreamRecord<>(requests.get(0)));
            assertThat(events(h)).isEmpty();
            assertThat(op.pending()).isEqualTo(1);

            h.setProcessingTime(1_049);
            assertThat(events(h)).isEmpty();
            h.setProcessingTime(1_050);

            assertThat(events(h)).hasSize(1);
            assertThat(events(h).get(0).getStage().toString())
                    .isEqualTo(sequential.get(0).stage());
            assertThat(op.pending()).isZero();
            assertThat(h.getProcessingTimeService().getNumActiveTimers()).isZero();
        }
    }

    @Test
    void aCheckpointBarrierFinishesEverythingInFlightSoNoStateIsLeft() throws Exception {
        FocusOperator op = new FocusOperator(settings(8, 16, 60_000), THRESHOLDS);
        try (var h = harness(op)) {
            for (FocusRequest r : requests.subList(0, 5)) {
                h.processElement(new StreamRecord<>(r));
            }
            assertThat(events(h)).isEmpty();

            h.prepareSnapshotPreBarrier(1L);
            var snapshot = h.snapshot(1L, 0L);

            assertThat(events(h)).hasSize(5);
            assertThat(op.pending()).isZero();
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getManagedKeyedState()).isEmpty();
        }
    }
}
