package dev.saccade.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.data.Split;
import dev.saccade.models.data.SyntheticWorkload;
import dev.saccade.models.data.WorkloadSize;
import dev.saccade.scenes.SceneConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Tuning aid, not a test: trains only the dense baseline with the quick recipe (overridable through {@code -Ddx.*}
 * properties) and prints its per-class accuracy on the full test split, the figure the quick-training check judges,
 * in minutes instead of a whole quick training. Properties: seed, lr, epochs, batch, clips, warmup, bgs (dense
 * backgrounds, 0 for the head of the shared training list) and quickTest (the small test split).
 * Run from the repository root after {@code mvn -o -q -pl models -am test-compile} with the models test classpath and
 * the launcher's JVM flags, e.g. {@code java -cp ... -Ddx.seed=2 dev.saccade.models.train.DenseRecipeExperiment}.
 */
public final class DenseRecipeExperiment {
    private DenseRecipeExperiment() {}

    public static void main(String[] args) {
        long seed = Long.getLong("dx.seed", 1);
        TrainSettings q = TrainSettings.quick(seed);
        TrainSettings s = new TrainSettings(
                true,
                seed,
                q.clipLength(),
                q.focusSteps(),
                q.workload(),
                q.glanceEpochs(),
                Integer.getInteger("dx.epochs", q.denseEpochs()),
                q.focusEpochs(),
                Integer.getInteger("dx.clips", q.denseClips()),
                Integer.getInteger("dx.bgs", q.denseBackgrounds()),
                q.glanceBatch(),
                Integer.getInteger("dx.batch", q.denseBatch()),
                q.focusBatch(),
                Float.parseFloat(System.getProperty("dx.lr", "" + q.learningRate())),
                Float.parseFloat(System.getProperty("dx.warmup", "" + q.denseWarmup())));
        Engine.getInstance().setRandomSeed((int) seed);
        SceneConfig scenes = SceneConfig.defaults().withClipLength(s.clipLength());
        SyntheticWorkload workload = new SyntheticWorkload(scenes, s.workload());
        CascadeTrainer trainer = new CascadeTrainer(s, workload, System.out::println);
        int classes = SyntheticWorkload.labels().size();
        List<ClipRef> train = trainer.denseClips(workload.clips(Split.TRAIN));
        List<ClipRef> validation = workload.clips(Split.VALIDATION);
        int[] perClass = new int[classes];
        train.forEach(r -> perClass[r.label()]++);
        String props = System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("dx."))
                .sorted()
                .map(k -> k + "=" + System.getProperty(k))
                .toList()
                .toString();
        System.out.println(s + " " + props + ", dense clips per class " + java.util.Arrays.toString(perClass));
        try (CascadeNets nets = CascadeNets.create(classes, s.clipLength(), s.focusSteps())) {
            long start = System.nanoTime();
            trainer.trainDense(nets, train, validation);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            trainer.denseAccuracy(nets, validation);
            double valSeconds = (System.nanoTime() - start) / 1e9;
            SyntheticWorkload testWorkload = new SyntheticWorkload(
                    scenes, Boolean.getBoolean("dx.quickTest") ? WorkloadSize.quick() : WorkloadSize.full());
            System.out.printf(
                    "RESULT seed %d %s: dense stage %.0f s (one validation pass %.0f s), %s%n",
                    seed, props, trainSeconds, valSeconds, perClassOnTest(nets, testWorkload, s.clipLength(), classes));
        }
    }

    /** Per-class recall, worst class, and how many hidden units of h fire on any test clip (dead ReLUs show here). */
    private static String perClassOnTest(CascadeNets nets, SyntheticWorkload test, int t, int classes) {
        List<ClipRef> refs = test.clips(Split.TEST);
        int[] n = new int[classes];
        int[] ok = new int[classes];
        boolean[] alive = null;
        try (NDManager m = nets.dense().getNDManager().newSubManager()) {
            for (List<ClipRef> batch : CascadeTrainer.batches(refs, 16)) {
                List<ClipData> clips = batch.parallelStream().map(test::load).toList();
                float[] p;
                float[] h;
                try (NDManager b = m.newSubManager()) {
                    NDList out = nets.denseBlock()
                            .forward(
                                    new ParameterStore(b, false),
                                    new NDList(
                                            Preprocess.dense(AdaptiveCascade.stackFrames(b, clips), clips.size(), t)),
                                    false);
                    p = out.get(0).toFloatArray();
                    h = out.get(1).toFloatArray();
                }
                int hidden = h.length / clips.size();
                alive = alive == null ? new boolean[hidden] : alive;
                for (int k = 0; k < h.length; k++) {
                    alive[k % hidden] |= h[k] > 0;
                }
                for (int i = 0; i < clips.size(); i++) {
                    int truth = clips.get(i).label();
                    n[truth]++;
                    if (AdaptiveCascade.argmax(java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes))
                            == truth) {
                        ok[truth]++;
                    }
                }
            }
        }
        List<String> per = new ArrayList<>();
        double worst = 1;
        int right = 0;
        for (int c = 0; c < classes; c++) {
            double a = (double) ok[c] / Math.max(1, n[c]);
            worst = Math.min(worst, a);
            right += ok[c];
            per.add(String.format("%s %.2f (%d)", SyntheticWorkload.labels().get(c), a, n[c]));
        }
        int live = 0;
        for (boolean a : alive) {
            live += a ? 1 : 0;
        }
        return String.format(
                "test acc %.3f, worst class %.2f, live h %d/%d | %s",
                (double) right / refs.size(), worst, live, alive.length, String.join(", ", per));
    }
}
