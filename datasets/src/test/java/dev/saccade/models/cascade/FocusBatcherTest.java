package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.data.Split;
import dev.saccade.scenes.SceneConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batched, step-synchronous focus stage decides exactly as the one-clip-at-a-time cascade does. */
class FocusBatcherTest {
    private static final double[] THRESHOLDS = {2.0, 0.97, 0.97, 0.97, 0.0}; // every clip goes to focus
    private static ModelBundle bundle;
    private static NDManager manager;
    private static List<ClipData> clips;
    private static List<FocusBatcher.Request> requests;

    @BeforeAll
    static void load() throws Exception {
        bundle = ModelBundle.load(Path.of("../models/bundle"));
        manager = NDManager.newBaseManager("PyTorch");
        SyntheticWorkload workload = new SyntheticWorkload(
                SceneConfig.defaults().withClipLength(bundle.manifest().clipLength()), WorkloadSize.quick());
        clips = workload.clips(Split.VALIDATION).subList(0, 12).stream()
                .map(workload::load)
                .toList();
        requests = new ArrayList<>();
        int t = bundle.manifest().clipLength();
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray full = AdaptiveCascade.stackFrames(m, clips);
            GlanceOutput g = GlanceOutput.onFrames(bundle.nets(), ps, full, clips.size());
            float[] h = g.clipFeatures().toFloatArray();
            int hd = h.length / clips.size();
            for (int i = 0; i < clips.size(); i++) {
                ClipData c = clips.get(i);
                List<float[]> patches = new ArrayList<>();
                for (Policy.Focus f :
                        Policy.plan(g.heat()[i], g.levels()[i], bundle.nets().focusSteps(), c.width(), c.height())) {
                    patches.add(Preprocess.patch(AdaptiveCascade.clipFrame(full, i, t, f.frame()), f.box())
                            .toFloatArray());
                }
                float[] mine = new float[hd];
                System.arraycopy(h, i * hd, mine, 0, hd);
                requests.add(new FocusBatcher.Request("clip-" + i, mine, patches));
            }
        }
    }

    @AfterAll
    static void close() {
        manager.close();
        bundle.close();
    }

    private FocusBatcher batcher(int batch, int queue) {
        return new FocusBatcher(
                bundle.nets().focusBlock(),
                manager,
                THRESHOLDS,
                batch,
                queue,
                bundle.nets().focusMacsPerStep());
    }

    @Test
    void clipsExitAtTheStepTheSequentialCascadeExitsAt() {
        List<AdaptiveCascade.Decision> sequential =
                new AdaptiveCascade(bundle.nets(), THRESHOLDS).classify(manager, clips, new MacLedger());
        Map<String, FocusBatcher.Result> batched = new HashMap<>();
        try (FocusBatcher b = batcher(5, 20)) {
            requests.forEach(r -> assertThat(b.offer(r)).isTrue());
            b.drain().forEach(r -> batched.put(r.clipId(), r));
            assertThat(b.pending()).as("no clip left behind").isZero();
        }
        assertThat(batched).hasSize(clips.size());
        java.util.Set<Integer> exits = new java.util.HashSet<>();
        for (int i = 0; i < clips.size(); i++) {
            AdaptiveCascade.Decision d = sequential.get(i);
            FocusBatcher.Result r = batched.get("clip-" + i);
            assertThat(AdaptiveCascade.stageName(r.exit())).as("clip %d", i).isEqualTo(d.stage());
            assertThat(r.label()).as("clip %d", i).isEqualTo(d.label());
            // each path is within the focus network's float32 budget of the float64 result (BundleSelfCheck), so
            // within twice that of each other, whichever kernels this CPU picks
            assertThat(r.probabilities()[r.label()]).isCloseTo(d.confidence(), within((float)
                    (2 * BundleSelfCheck.tolerance(bundle.nets(), "focus", false))));
            assertThat(r.macs()).isEqualTo(d.macs() - bundle.nets().glanceMacsPerClip());
            exits.add(r.exit());
        }
        assertThat(exits)
                .as("the thresholds make clips leave at different steps")
                .hasSizeGreaterThan(1);
    }

    @Test
    void aFullQueueRefusesUntilAStepMakesRoom() {
        try (FocusBatcher b = batcher(2, 1)) {
            assertThat(b.offer(requests.get(0))).isTrue();
            assertThat(b.offer(requests.get(1))).isTrue();
            assertThat(b.offer(requests.get(2))).as("waits in the queue").isTrue();
            assertThat(b.isFull()).isTrue();
            assertThat(b.offer(requests.get(3))).as("backpressure").isFalse();
            assertThat(b.nextBatchSize()).isEqualTo(2);
            int before = b.pending();
            while (b.pending() == before) {
                b.step();
            }
            assertThat(b.offer(requests.get(3))).isTrue();
            b.drain();
            assertThat(b.pending()).isZero();
            assertThat(b.pendingRequests()).isEmpty();
        }
    }
}
