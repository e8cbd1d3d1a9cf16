package dev.saccade.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.ExitScorer;
import dev.saccade.models.cascade.GlanceOutput;
import dev.saccade.models.cascade.Policy;
import dev.saccade.models.cascade.ScoredClip;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.models.data.PatchBox;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.data.Targets;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.net.TemporalHead;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Staged supervised training (as the AdaFocus line trains): glance encoder, policy and exit 0 on clip labels and the
 * dataset's boxes; the dense baseline; f_L and exits 1..K on patches cut at ground-truth and at policy boxes, so the
 * focus stage tolerates the policy's mistakes.
 */
public final class CascadeTrainer {
    private final TrainSettings settings;
    private final ClipDataset workload;
    private final Consumer<String> progress;
    private final Random random;

    public CascadeTrainer(TrainSettings settings, ClipDataset workload, Consumer<String> progress) {
        this.settings = settings;
        this.workload = workload;
        this.progress = progress;
        this.random = new Random(settings.seed());
    }

    /**
     * Trains all stages; the caller owns the returned networks. With {@code denseFrom} the dense baseline's parameters
     * come from that bundle instead of a training stage (iterating on the cascade against a fixed baseline).
     */
    public CascadeNets train(
            List<ClipRef> train, List<ClipRef> validation, java.nio.file.Path denseFrom, java.nio.file.Path init)
            throws java.io.IOException {
        int classes = workload.labels().size();
        // unseeded, each run drew its own initialisation, so a quick run could not be repeated
        Engine.getInstance().setRandomSeed((int) settings.seed());
        CascadeNets nets = CascadeNets.create(classes, settings.clipLength(), settings.focusSteps());
        if (init != null) {
            int initClasses = ModelBundle.readManifest(init).labels().size();
            try (CascadeNets from = CascadeNets.load(init, initClasses, settings.clipLength(), settings.focusSteps())) {
                int[] copied = nets.copyMatching(from);
                progress.accept(String.format(
                        "init   %d of %d parameter arrays from %s%s",
                        copied[0],
                        copied[1],
                        init,
                        initClasses == classes
                                ? ""
                                : " (its " + initClasses + " classes differ: classifiers start fresh)"));
            }
        }
        if (denseFrom != null) {
            nets.loadDense(denseFrom);
            progress.accept("dense  reused from " + denseFrom);
        } else if (settings.denseEpochs() > 0) {
            // the dense baseline is independent of the cascade: train it on its own subset first
            trainDense(nets, denseClips(train), validation);
        }
        trainGlance(nets, train, validation);
        trainFocus(nets, train, validation);
        return nets;
    }

    // ---- stage 1: glance encoder + policy + exit 0 ----

    private void trainGlance(CascadeNets nets, List<ClipRef> train, List<ClipRef> validation) {
        int t = settings.clipLength();
        int levels = PatchBox.LEVEL_SIZES.length;
        runStage(
                "glance",
                nets.glance(),
                settings.glanceEpochs(),
                settings.glanceBatch(),
                0f,
                train,
                new Shape[] {
                    new Shape(
                            (long) settings.glanceBatch() * t,
                            Encoders.GLANCE_INPUT_CHANNELS,
                            GlanceModel.HEIGHT,
                            GlanceModel.WIDTH)
                },
                (trainer, m, clips) -> {
                    int n = clips.size();
                    NDArray full = AdaptiveCascade.stackFrames(m, clips);
                    NDArray input = Preprocess.glance(full, n, t);
                    float[] heat = new float[n * t * GlanceModel.CELLS];
                    float[] centre = new float[n * t * GlanceModel.CELLS];
                    int[] level = new int[n * t];
                    float[] hasObject = new float[n * t];
                    for (int i = 0; i < n; i++) {
                        ClipData c = clips.get(i);
                        for (int f = 0; f < t; f++) {
                            int row = i * t + f;
                            ObjectBox b = c.boxes()[f];
                            System.arraycopy(
                                    Targets.heat(b, c.width(), c.height()),
                                    0,
                                    heat,
                                    row * GlanceModel.CELLS,
                                    GlanceModel.CELLS);
                            if (b != null) {
                                centre[
                                        row * GlanceModel.CELLS
                                                + Targets.cellOf(b.centerX(), b.centerY(), c.width(), c.height())] = 1f;
                                level[row] = PatchBox.levelFor(b.width(), b.height());
                                hasObject[row] = 1f;
                            }
                        }
                    }
                    NDArray heatTarget = m.create(heat, new Shape(n * t, GlanceModel.CELLS));
                    NDArray centreMask = m.create(centre, new Shape(n * t, 1, GlanceModel.CELLS));
                    NDArray levelTarget = Batches.oneHot(m, level, levels);
                    NDArray objectMask = m.create(hasObject);
                    int[] labels = Batches.labels(clips);
                    NDArray labelTarget = Batches.oneHot(m, labels, nets.classes());
                    try (GradientCollector gc = Inference.withGradients(trainer)) {
                        NDList out = trainer.forward(new NDList(input));
                        NDArray ce = Batches.crossEntropy(out.get(0), labelTarget);
                        NDArray z = out.get(1);
                        // objects cover few cells: weight the positives so the heatmap does not learn "never"
                        NDArray bce = heatTarget
                                .mul(Activation.softPlus(z.neg()))
                                .mul(3f)
                                .add(heatTarget.neg().add(1f).mul(Activation.softPlus(z)))
                                .mean();
                        NDArray levelAtCentre = out.get(2).mul(centreMask).sum(new int[] {2});
                        NDArray levelCe = levelAtCentre
                                .logSoftmax(1)
                                .mul(levelTarget)
                                .sum(new int[] {1})
                                .neg()
                                .mul(objectMask)
                                .sum()
                                .div(objectMask.sum().add(1f));
                        NDArray loss = ce.add(bce).add(levelCe.mul(0.3f));
                        gc.backward(loss);
                        return new StepResult(loss.getFloat(), correct(Batches.argmax(out.get(0)), labels), n);
                    }
                },
                () -> glanceAccuracy(nets, validation));
    }

    private double glanceAccuracy(CascadeNets nets, List<ClipRef> refs) {
        int t = settings.clipLength();
        int correct = 0;
        try (NDManager m = nets.glance().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (List<ClipRef> batch : batches(refs, 16)) {
                List<ClipData> clips = load(batch);
                try (NDManager b = m.newSubManager()) {
                    NDArray input = Preprocess.glance(AdaptiveCascade.stackFrames(b, clips), clips.size(), t);
                    NDArray logits = nets.glanceBlock()
                            .forward(ps, new NDList(input), false)
                            .get(0);
                    correct += correct(Batches.argmax(logits), Batches.labels(clips));
                }
            }
        }
        return (double) correct / refs.size();
    }

    // ---- stage 2: dense baseline ----

    /** The dense baseline's training clips: class-balanced over its own backgrounds, or the head of the shared list. */
    List<ClipRef> denseClips(List<ClipRef> train) {
        if (settings.denseBackgrounds() > 0) {
            List<ClipRef> clips = workload.balancedTrainingClips(settings.denseBackgrounds(), settings.denseClips());
            progress.accept(String.format(
                    "dense  %d clips, class-balanced, from %d training backgrounds",
                    clips.size(), settings.denseBackgrounds()));
            return clips;
        }
        return train.subList(0, Math.min(train.size(), settings.denseClips()));
    }

    void trainDense(CascadeNets nets, List<ClipRef> train, List<ClipRef> validation) {
        int t = settings.clipLength();
        runStage(
                "dense",
                nets.dense(),
                settings.denseEpochs(),
                settings.denseBatch(),
                settings.denseWarmup(),
                train,
                new Shape[] {new Shape((long) settings.denseBatch() * t, Encoders.GLANCE_INPUT_CHANNELS, 120, 160)},
                (trainer, m, clips) -> {
                    NDArray input = Preprocess.dense(AdaptiveCascade.stackFrames(m, clips), clips.size(), t);
                    int[] labels = Batches.labels(clips);
                    try (GradientCollector gc = Inference.withGradients(trainer)) {
                        NDList out = trainer.forward(new NDList(input));
                        NDArray loss = Batches.crossEntropy(out.get(0), Batches.oneHot(m, labels, nets.classes()));
                        gc.backward(loss);
                        return new StepResult(
                                loss.getFloat(), correct(Batches.argmax(out.get(0)), labels), clips.size());
                    }
                },
                () -> denseAccuracy(nets, validation));
    }

    /** Dense baseline accuracy over clips. */
    public double denseAccuracy(CascadeNets nets, List<ClipRef> refs) {
        int correct = 0;
        try (NDManager m = nets.dense().getNDManager().newSubManager()) {
            for (List<ClipRef> batch : batches(refs, 8)) {
                List<ClipData> clips = load(batch);
                float[][] p = AdaptiveCascade.dense(nets, m, clips, new MacLedger());
                for (int i = 0; i < clips.size(); i++) {
                    if (AdaptiveCascade.argmax(p[i]) == clips.get(i).label()) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / refs.size();
    }

    // ---- stage 3: f_L + exits 1..K ----

    private void trainFocus(CascadeNets nets, List<ClipRef> train, List<ClipRef> validation) {
        int t = settings.clipLength();
        int k = settings.focusSteps();
        runStage(
                "focus",
                nets.focus(),
                settings.focusEpochs(),
                settings.focusBatch(),
                0f,
                train,
                new Shape[] {
                    new Shape((long) settings.focusBatch() * k, 3, FocusModel.PATCH, FocusModel.PATCH),
                    new Shape(settings.focusBatch(), TemporalHead.HIDDEN)
                },
                (trainer, m, clips) -> {
                    int n = clips.size();
                    NDArray full = AdaptiveCascade.stackFrames(m, clips);
                    ParameterStore ps = new ParameterStore(m, false);
                    GlanceOutput g = GlanceOutput.onFrames(nets, ps, full, n);
                    NDList patches = new NDList();
                    for (int i = 0; i < n; i++) {
                        ClipData c = clips.get(i);
                        for (Policy.Focus f : Policy.plan(g.heat()[i], g.levels()[i], k, c.width(), c.height())) {
                            patches.add(Preprocess.patch(
                                    AdaptiveCascade.clipFrame(full, i, t, f.frame()), trainingBox(c, f)));
                        }
                    }
                    int[] labels = Batches.labels(clips);
                    NDArray target = Batches.oneHot(m, labels, nets.classes());
                    NDArray h = g.clipFeatures().stopGradient();
                    try (GradientCollector gc = Inference.withGradients(trainer)) {
                        NDArray logits = trainer.forward(new NDList(NDArrays.concat(patches, 0), h))
                                .get(0); // (N, K, C)
                        NDArray loss = null;
                        for (int step = 0; step < k; step++) {
                            NDArray l = Batches.crossEntropy(logits.get(":, " + step + ", :"), target);
                            loss = loss == null ? l : loss.add(l);
                        }
                        loss = loss.div(k);
                        gc.backward(loss);
                        NDArray last = logits.get(":, " + (k - 1) + ", :");
                        return new StepResult(loss.getFloat(), correct(Batches.argmax(last), labels), n);
                    }
                },
                () -> focusAccuracy(nets, validation));
    }

    /** Half the time the ground-truth box (jittered) where the frame has an object, else the policy's own box. */
    private PatchBox trainingBox(ClipData c, Policy.Focus f) {
        ObjectBox b = c.boxes()[f.frame()];
        if (b == null || random.nextBoolean()) {
            return f.box();
        }
        double cx = b.centerX() + random.nextGaussian() * 6;
        double cy = b.centerY() + random.nextGaussian() * 6;
        return PatchBox.centred(cx, cy, PatchBox.levelFor(b.width(), b.height()), c.width(), c.height());
    }

    private double focusAccuracy(CascadeNets nets, List<ClipRef> refs) {
        List<ScoredClip> scored = score(nets, refs);
        int correct = 0;
        for (ScoredClip s : scored) {
            if (AdaptiveCascade.argmax(s.focus()[s.focus().length - 1]) == s.label()) {
                correct++;
            }
        }
        return (double) correct / refs.size();
    }

    /** Every exit's probabilities on each clip (all K steps run), for calibration. */
    public List<ScoredClip> score(CascadeNets nets, List<ClipRef> refs) {
        return ExitScorer.score(nets, refs, workload::load);
    }

    // ---- shared loop ----

    /** One optimisation step on a batch: returns loss and how many clips the stage got right. */
    interface Step {
        StepResult run(Trainer trainer, NDManager batchManager, List<ClipData> clips);
    }

    record StepResult(float loss, int correct, int clips) {}

    private void runStage(
            String stage,
            Model model,
            int epochs,
            int batchSize,
            float warmup,
            List<ClipRef> train,
            Shape[] init,
            Step step,
            java.util.function.DoubleSupplier validate) {
        Inference.gradientsOff();
        int batchesPerEpoch = (train.size() + batchSize - 1) / batchSize;
        int updates = Math.max(1, epochs * batchesPerEpoch);
        int warmupUpdates = Math.round(updates * warmup);
        Tracker lr = Tracker.cosine()
                .setBaseValue(settings.learningRate())
                .optFinalValue(settings.learningRate() * 0.05f)
                .setMaxUpdates(Math.max(1, updates - warmupUpdates))
                .build();
        if (warmupUpdates > 0) {
            lr = WarmUpTracker.builder()
                    .setMainTracker(lr)
                    .optWarmUpSteps(warmupUpdates)
                    .optWarmUpBeginValue(settings.learningRate() * 0.05f)
                    .build();
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(lr)
                        .optWeightDecays(1e-4f)
                        .build());
        long stageStart = System.nanoTime();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(init);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                List<ClipRef> order = new ArrayList<>(train);
                Collections.shuffle(order, new Random(settings.seed() * 31 + epoch + stage.hashCode()));
                double lossSum = 0;
                int correct = 0;
                int seen = 0;
                long epochStart = System.nanoTime();
                for (List<ClipRef> batch : batches(order, batchSize)) {
                    List<ClipData> clips = load(batch);
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        StepResult r = step.run(trainer, m, clips);
                        trainer.step();
                        lossSum += r.loss() * r.clips();
                        correct += r.correct();
                        seen += r.clips();
                    }
                }
                double val = validate.getAsDouble();
                double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                double eta = epochSeconds * (epochs - epoch);
                progress.accept(String.format(
                        "%-6s epoch %d/%d: loss %.3f, train acc %.3f, val acc %.3f, %.0f s, " + "stage ETA %s",
                        stage,
                        epoch,
                        epochs,
                        lossSum / seen,
                        (double) correct / seen,
                        val,
                        epochSeconds,
                        duration(eta)));
            }
        }
        progress.accept(String.format("%-6s done in %s", stage, duration((System.nanoTime() - stageStart) / 1e9)));
    }

    private List<ClipData> load(List<ClipRef> refs) {
        return refs.parallelStream().map(workload::load).toList();
    }

    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    private static int correct(int[] predicted, int[] labels) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
