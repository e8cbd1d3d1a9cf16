package dev.saccade.models.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.net.TemporalHead;
import dev.saccade.models.skipconv.EngineEncoder;
import dev.saccade.models.skipconv.GemmKernel;
import dev.saccade.models.skipconv.GlanceFrames;
import dev.saccade.models.skipconv.SkipConvNetwork;
import dev.saccade.models.skipconv.SkipConvSettings;
import dev.saccade.models.skipconv.SkipConvState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every op Saccade's networks run, at the shapes they run it, at batch 1 and N and at 1 and 2 engine threads, against
 * a float64 reference: each float32 output must lie within the worst-case rounding bound of {@link ReferenceOps}.
 * Whole encoders (the engine's, and skip-convolutions with the Java and the OpenBLAS GEMM) are held to
 * {@link ReferenceNetwork#tolerance}. Audits the CPU's kernels, whatever the engine's default device. What
 * {@code ./saccade engines --audit} prints and the README's evidence.
 */
public final class OpAudit {
    /**
     * One op at one shape: {@code worstRatio} is the largest |error| / bound over its outputs (above 1: outside what
     * float32 rounding allows); {@code nonFinite} counts NaN and infinite outputs.
     */
    public record Finding(
            String op,
            String shape,
            int batch,
            int threads,
            double worstRatio,
            double maxAbsError,
            long nonFinite,
            boolean ok) {}

    private static final long SEED = 20261205L;

    private final CascadeNets nets;
    private final List<Finding> findings = new ArrayList<>();

    private OpAudit(CascadeNets nets) {
        this.nets = nets;
    }

    /** Runs every case; the networks supply the conv weights and shapes (a bundle's, or freshly initialised ones). */
    public static List<Finding> run(CascadeNets nets) {
        OpAudit audit = new OpAudit(nets);
        int before = Inference.engineThreads();
        try (NDManager m = Inference.newManager(ai.djl.Device.cpu())) {
            Inference.gradientsOff();
            for (int threads : new int[] {1, 2}) {
                Inference.setEngineThreads(threads);
                audit.ops(m, threads);
                audit.networks(m, threads);
            }
        } finally {
            Inference.setEngineThreads(before);
        }
        return audit.findings;
    }

    /** True when every finding is within its bound. */
    public static boolean allOk(List<Finding> findings) {
        return findings.stream().allMatch(Finding::ok);
    }

    private void ops(NDManager m, int threads) {
        FoldedEncoder glance = FoldedEncoder.fold(nets.glanceBlock().encoder());
        FoldedEncoder local = FoldedEncoder.fold(localEncoder());
        convs(
                m,
                "f_G",
                glance,
                Encoders.GLANCE_INPUT_CHANNELS,
                GlanceModel.HEIGHT,
                GlanceModel.WIDTH,
                nets.clipLength(),
                threads);
        convs(m, "f_L patch", local, 3, FocusModel.PATCH, FocusModel.PATCH, 16, threads);
        convs(m, "f_L dense", local, 3, DenseModel.HEIGHT, DenseModel.WIDTH, nets.clipLength(), threads);
        SplittableRandom r = new SplittableRandom(SEED + threads);
        int t = nets.clipLength();
        for (int n : new int[] {1, 8}) {
            for (int[] io : new int[][] {
                {GlanceModel.DESCRIPTOR, TemporalHead.HIDDEN}, {TemporalHead.HIDDEN, TemporalHead.HIDDEN}
            }) {
                float[] x = uniform(r, n * io[0] * t, -1, 1);
                float[] w = uniform(r, io[1] * io[0] * 3, -0.1f, 0.1f);
                float[] b = uniform(r, io[1], -0.1f, 0.1f);
                NDArray y = Conv1d.conv1d(
                                m.create(x, new Shape(n, io[0], t)),
                                m.create(w, new Shape(io[1], io[0], 3)),
                                m.create(b),
                                new Shape(1),
                                new Shape(1),
                                new Shape(1),
                                1)
                        .singletonOrThrow();
                add(
                        "conv1d",
                        io[0] + "->" + io[1] + " k3 T" + t,
                        n,
                        threads,
                        y,
                        ReferenceOps.conv1d(x, n, io[0], t, w, io[1], 3, b, 1));
            }
            for (int[] io : new int[][] {
                {2 * TemporalHead.HIDDEN, TemporalHead.HIDDEN},
                {Encoders.LOCAL_CHANNELS + TemporalHead.HIDDEN, nets.classes()}
            }) {
                float[] x = uniform(r, n * io[0], -1, 1);
                float[] w = uniform(r, io[1] * io[0], -0.1f, 0.1f);
                float[] b = uniform(r, io[1], -0.1f, 0.1f);
                NDArray y = Linear.linear(
                                m.create(x, new Shape(n, io[0])), m.create(w, new Shape(io[1], io[0])), m.create(b))
                        .singletonOrThrow();
                add("linear", io[0] + "->" + io[1], n, threads, y, ReferenceOps.linear(x, n, io[0], w, io[1], b));
            }
            float[] s = uniform(r, n * 4 * 15 * 20, -1, 1);
            add(
                    "avg_pool2d",
                    "4x15x20 k5 s5",
                    n,
                    threads,
                    Pool.avgPool2d(
                            m.create(s, new Shape(n, 4, 15, 20)),
                            new Shape(5, 5),
                            new Shape(5, 5),
                            new Shape(0, 0),
                            false,
                            true),
                    ReferenceOps.avgPool(s, n, 4, 15, 20, 5));
            float[] g = uniform(r, n * 64 * 5 * 6, 0, 6);
            add(
                    "mean(h,w)",
                    "64x5x6",
                    n,
                    threads,
                    m.create(g, new Shape(n, 64, 5, 6)).mean(new int[] {3}).mean(new int[] {2}),
                    ReferenceOps.spatialMean(g, n, 64, 5, 6));
            float[] logits = uniform(r, n * GlanceModel.CELLS, -8, 8);
            add(
                    "softmax",
                    "30",
                    n,
                    threads,
                    m.create(logits, new Shape(n, GlanceModel.CELLS)).softmax(1),
                    ReferenceOps.softmax(logits, n, GlanceModel.CELLS));
            add(
                    "sigmoid",
                    "30",
                    n,
                    threads,
                    Activation.sigmoid(m.create(logits, new Shape(n, GlanceModel.CELLS))),
                    ReferenceOps.sigmoid(logits));
            float[] bnIn = uniform(r, n * 16 * 36 * 48, -2, 2);
            float[] mean = uniform(r, 16, -0.5f, 0.5f);
            float[] var = uniform(r, 16, 0.1f, 2);
            float[] gamma = uniform(r, 16, 0.5f, 1.5f);
            float[] beta = uniform(r, 16, -0.5f, 0.5f);
            add(
                    "batch_norm",
                    "16x36x48",
                    n,
                    threads,
                    BatchNorm.batchNorm(
                                    m.create(bnIn, new Shape(n, 16, 36, 48)),
                                    m.create(mean),
                                    m.create(var),
                                    m.create(gamma),
                                    m.create(beta),
                                    1,
                                    0.9f,
                                    1e-5f,
                                    false)
                            .singletonOrThrow(),
                    ReferenceOps.batchNorm(bnIn, n, 16, 36 * 48, mean, var, gamma, beta, 1e-5));
        }
    }

    /** Each distinct conv layer of an encoder at the size it sees when the encoder's input is c x h x w. */
    private void convs(NDManager m, String net, FoldedEncoder enc, int c, int h, int w, int batchN, int threads) {
        SplittableRandom r = new SplittableRandom(SEED + threads + net.hashCode());
        Set<String> seen = new LinkedHashSet<>();
        int ch = c;
        int hh = h;
        int ww = w;
        for (ConvLayer l : enc.convLayers()) {
            int k = l.kernel();
            String kind = l.groups() > 1 ? "depthwise" : k == 1 ? "pointwise" : "full";
            String shape =
                    net + " " + ch + "->" + l.outChannels() + " k" + k + " s" + l.stride() + " at " + hh + "x" + ww;
            if (seen.add(shape)) {
                for (int n : new int[] {1, batchN}) {
                    float[] x = uniform(r, n * ch * hh * ww, 0, 1);
                    NDArray y = Conv2d.conv2d(
                                    m.create(x, new Shape(n, ch, hh, ww)),
                                    m.create(l.weight(), l.weightShape()),
                                    m.create(l.bias()),
                                    new Shape(l.stride(), l.stride()),
                                    new Shape(l.padding(), l.padding()),
                                    new Shape(1, 1),
                                    l.groups())
                            .singletonOrThrow();
                    add(
                            "conv2d " + kind,
                            shape,
                            n,
                            threads,
                            y,
                            ReferenceOps.conv2d(
                                    x,
                                    n,
                                    ch,
                                    hh,
                                    ww,
                                    l.weight(),
                                    l.outChannels(),
                                    k,
                                    l.bias(),
                                    l.stride(),
                                    l.padding(),
                                    l.groups()));
                }
            }
            hh = (hh + 2 * l.padding() - k) / l.stride() + 1;
            ww = (ww + 2 * l.padding() - k) / l.stride() + 1;
            ch = l.outChannels();
        }
    }

    /** f_G whole: the engine, and skip-convolutions at epsilon 0 (dense pass, then a gated frame) per GEMM kernel. */
    private void networks(NDManager m, int threads) {
        FoldedEncoder enc = FoldedEncoder.fold(nets.glanceBlock().encoder());
        int c = Encoders.GLANCE_INPUT_CHANNELS;
        int h = GlanceModel.HEIGHT;
        int w = GlanceModel.WIDTH;
        SplittableRandom r = new SplittableRandom(SEED + 7 + threads);
        float[] first = uniform(r, c * h * w, 0, 1);
        float[] second = first.clone();
        for (int ch = 0; ch < c; ch++) { // a moving object: one block changes between the frames
            for (int y = 20; y < 40; y++) {
                for (int x = 30; x < 54; x++) {
                    second[(ch * h + y) * w + x] = (float) r.nextDouble();
                }
            }
        }
        double tol = ReferenceNetwork.tolerance(enc, c);
        ReferenceNetwork.Map ref1 = ReferenceNetwork.forward(enc, new ReferenceNetwork.Map(widen(first), c, h, w));
        ReferenceNetwork.Map ref2 = ReferenceNetwork.forward(enc, new ReferenceNetwork.Map(widen(second), c, h, w));
        String shape = "f_G " + c + "x" + h + "x" + w;
        try (EngineEncoder engine = new EngineEncoder(enc, m)) {
            addNetwork("f_G engine", shape, threads, engine.forward(first, c, h, w), ref1, tol);
        }
        if (threads != 1) {
            return; // the Java kernels are single-threaded; once is enough
        }
        for (GemmKernel kernel : GemmKernel.values()) {
            try (SkipConvNetwork skip = new SkipConvNetwork(
                    enc, h, w, c, SkipConvSettings.defaults().withEpsilon(0).withKernel(kernel))) {
                SkipConvState state = skip.newState();
                addNetwork(
                        "f_G skip-conv " + kernel.name().toLowerCase() + " eps 0, dense frame",
                        shape,
                        threads,
                        GlanceFrames.toChw(
                                skip.run(state, GlanceFrames.toHwc(first, h, w, c), false),
                                ref1.height(),
                                ref1.width(),
                                ref1.channels()),
                        ref1,
                        tol);
                addNetwork(
                        "f_G skip-conv " + kernel.name().toLowerCase() + " eps 0, gated frame",
                        shape,
                        threads,
                        GlanceFrames.toChw(
                                skip.run(state, GlanceFrames.toHwc(second, h, w, c), false),
                                ref2.height(),
                                ref2.width(),
                                ref2.channels()),
                        ref2,
                        tol);
            }
        }
    }

    private void add(String op, String shape, int batch, int threads, NDArray y, ReferenceOps.Result ref) {
        float[] v = y.toFloatArray();
        double worst = 0;
        double maxAbs = 0;
        long nonFinite = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                nonFinite++;
                continue;
            }
            double err = Math.abs(v[i] - ref.values()[i]);
            maxAbs = Math.max(maxAbs, err);
            worst = Math.max(worst, err / ref.bound()[i]);
        }
        boolean ok = nonFinite == 0 && worst <= 1 && v.length == ref.values().length;
        findings.add(new Finding(op, shape, batch, threads, worst, maxAbs, nonFinite, ok));
    }

    private void addNetwork(String op, String shape, int threads, float[] v, ReferenceNetwork.Map ref, double tol) {
        double scale = 0;
        for (double d : ref.values()) {
            scale = Math.max(scale, Math.abs(d));
        }
        double maxAbs = 0;
        long nonFinite = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                nonFinite++;
            } else {
                maxAbs = Math.max(maxAbs, Math.abs(v[i] - ref.values()[i]));
            }
        }
        double ratio = maxAbs / Math.max(scale, Double.MIN_NORMAL) / tol;
        findings.add(new Finding(
                op,
                shape,
                1,
                threads,
                ratio,
                maxAbs,
                nonFinite,
                nonFinite == 0 && ratio <= 1 && v.length == ref.values().length));
    }

    private ai.djl.nn.SequentialBlock localEncoder() {
        return nets.focusBlock().encoder();
    }

    private static float[] uniform(SplittableRandom r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * (float) r.nextDouble();
        }
        return a;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
