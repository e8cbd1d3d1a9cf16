package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.TemporalHead;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The staged batcher (one reused direct buffer, running max on the device, one transfer per step) gives on the CPU
 * exactly, bit for bit, the results of the batcher it replaced (a float[] per batch, running max in Java, one
 * transfer per exit group), kept here as the reference.
 */
class FocusBatcherStagingTest {
    private static ModelBundle bundle;
    private static NDManager manager;

    @BeforeAll
    static void load() throws Exception {
        bundle = ModelBundle.load(Path.of("../models/bundle"));
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
        bundle.close();
    }

    /** Clips of 1..K seeded random patches, so that clips in one batch are at different steps. */
    private static List<FocusBatcher.Request> requests(int clips) {
        SplittableRandom r = new SplittableRandom(7);
        List<FocusBatcher.Request> out = new ArrayList<>();
        int k = bundle.nets().focusSteps();
        for (int i = 0; i < clips; i++) {
            List<float[]> patches = new ArrayList<>();
            for (int p = 0; p < 1 + i % k; p++) {
                float[] v = new float[3 * FocusModel.PATCH * FocusModel.PATCH];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) r.nextDouble(-0.5, 0.5);
                }
                patches.add(v);
            }
            float[] h = new float[TemporalHead.HIDDEN];
            for (int j = 0; j < h.length; j++) {
                h[j] = (float) r.nextDouble(-1, 1);
            }
            out.add(new FocusBatcher.Request("clip-" + i, h, patches));
        }
        return out;
    }

    @Test
    void stagedBatcherMatchesThePreviousOneBitForBit() {
        List<FocusBatcher.Request> requests = requests(23);
        for (double[] thresholds : List.of(new double[] {2, 2, 2, 2, 0}, new double[] {2, 0.5, 0.6, 0.7, 0})) {
            Map<String, FocusBatcher.Result> expected = new Reference(thresholds, 5).run(requests);
            Map<String, FocusBatcher.Result> got = new LinkedHashMap<>();
            try (FocusBatcher b =
                    new FocusBatcher(bundle.nets().focusBlock(), manager, thresholds, 5, requests.size(), 1)) {
                requests.forEach(b::offer);
                b.drain().forEach(r -> got.put(r.clipId(), r));
            }
            assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (String id : expected.keySet()) {
                assertThat(got.get(id).exit()).as(id).isEqualTo(expected.get(id).exit());
                assertThat(got.get(id).label())
                        .as(id)
                        .isEqualTo(expected.get(id).label());
                assertThat(got.get(id).probabilities())
                        .as(id)
                        .isEqualTo(expected.get(id).probabilities());
            }
            if (thresholds[1] > 1) {
                assertThat(got.values().stream().map(FocusBatcher.Result::exit).distinct())
                        .as("clips of 1 to K patches leave at different steps")
                        .hasSizeGreaterThan(1);
            }
        }
    }

    /** The batcher before staging: its step, as it was. */
    private static final class Reference {
        private final double[] thresholds;
        private final int batchSize;

        Reference(double[] thresholds, int batchSize) {
            this.thresholds = thresholds;
            this.batchSize = batchSize;
        }

        private static final class Active {
            final FocusBatcher.Request request;
            int step;
            float[] runningMax;

            Active(FocusBatcher.Request request) {
                this.request = request;
            }
        }

        Map<String, FocusBatcher.Result> run(List<FocusBatcher.Request> requests) {
            FocusModel focus = bundle.nets().focusBlock();
            ArrayDeque<Active> waiting = new ArrayDeque<>();
            requests.forEach(r -> waiting.add(new Active(r)));
            List<Active> active = new ArrayList<>();
            Map<String, FocusBatcher.Result> out = new LinkedHashMap<>();
            Inference.gradientsOff();
            while (!waiting.isEmpty() || !active.isEmpty()) {
                while (active.size() < batchSize && !waiting.isEmpty()) {
                    active.add(waiting.poll());
                }
                int n = active.size();
                int patchFloats = 3 * FocusModel.PATCH * FocusModel.PATCH;
                float[] batch = new float[n * patchFloats];
                for (int i = 0; i < n; i++) {
                    Active a = active.get(i);
                    System.arraycopy(a.request.patches().get(a.step), 0, batch, i * patchFloats, patchFloats);
                }
                try (NDManager m = manager.newSubManager()) {
                    ParameterStore ps = new ParameterStore(m, false);
                    float[] local = focus.localFeatures(
                                    ps, m.create(batch, new Shape(n, 3, FocusModel.PATCH, FocusModel.PATCH)), false)
                            .toFloatArray();
                    int d = local.length / n;
                    Map<Integer, List<Integer>> byStep = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        Active a = active.get(i);
                        float[] mine = new float[d];
                        System.arraycopy(local, i * d, mine, 0, d);
                        if (a.runningMax == null) {
                            a.runningMax = mine;
                        } else {
                            for (int j = 0; j < d; j++) {
                                a.runningMax[j] = Math.max(a.runningMax[j], mine[j]);
                            }
                        }
                        a.step++;
                        byStep.computeIfAbsent(a.step, k -> new ArrayList<>()).add(i);
                    }
                    boolean[] leaves = new boolean[n];
                    for (Map.Entry<Integer, List<Integer>> e : byStep.entrySet()) {
                        int k = e.getKey();
                        List<Integer> rows = e.getValue();
                        float[] running = new float[rows.size() * d];
                        float[] h = new float[rows.size() * TemporalHead.HIDDEN];
                        for (int r = 0; r < rows.size(); r++) {
                            Active a = active.get(rows.get(r));
                            System.arraycopy(a.runningMax, 0, running, r * d, d);
                            System.arraycopy(
                                    a.request.clipFeatures(), 0, h, r * TemporalHead.HIDDEN, TemporalHead.HIDDEN);
                        }
                        float[] probs = focus.exitLogits(
                                        ps,
                                        k,
                                        m.create(running, new Shape(rows.size(), d)),
                                        m.create(h, new Shape(rows.size(), TemporalHead.HIDDEN)),
                                        false)
                                .softmax(1)
                                .toFloatArray();
                        int c = probs.length / rows.size();
                        for (int r = 0; r < rows.size(); r++) {
                            int i = rows.get(r);
                            Active a = active.get(i);
                            float[] p = new float[c];
                            System.arraycopy(probs, r * c, p, 0, c);
                            boolean last = a.step == a.request.patches().size();
                            if (last || AdaptiveCascade.max(p) >= thresholds[k]) {
                                leaves[i] = true;
                                out.put(
                                        a.request.clipId(),
                                        new FocusBatcher.Result(
                                                a.request.clipId(), k, p, AdaptiveCascade.argmax(p), k));
                            }
                        }
                    }
                    List<Active> kept = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (!leaves[i]) {
                            kept.add(active.get(i));
                        }
                    }
                    active.clear();
                    active.addAll(kept);
                }
            }
            return out;
        }
    }
}
