package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A folded encoder compiled for skip-convolutions at one input size (HWC float maps). Each conv layer gates its input
 * against its reference x_ref per position ({@code LayerGate}), copies opened positions into x_ref, and recomputes only
 * the outputs whose window touches an opened position, from x_ref ({@code ConvKernel}): the cached output is always
 * exactly the layer applied to x_ref, so nothing drifts. Above the dense-fallback share a layer runs densely, and while
 * whole frames move a stream skips the gate ({@code DenseStreakPolicy}). docs/skipconv.md maps the pieces.
 *
 * <p>Weights are shared; per-stream state lives in {@link SkipConvState}. One instance serves one thread.
 */
public final class SkipConvNetwork implements AutoCloseable {
    private final LayerPlan plan;
    private final RowGemm gemm;
    /** Per plan step, in running order: a {@link SkipConvLayer} or a {@link ResidualAdd}. */
    private final List<Object> ops = new ArrayList<>();

    private final List<SkipConvLayer> layers = new ArrayList<>();
    private final FrameWorkspace work;
    private final SkipConvFrameStats stats;
    /** Whole dense frames and the dense tail on ONNX Runtime, or null (settings.onnxRuntimeDense off). */
    private final OnnxRuntimeDense ort;

    private SkipConvState denseScratch;

    public SkipConvNetwork(FoldedEncoder encoder, int height, int width, int channels, SkipConvSettings settings) {
        this.plan = new LayerPlan(encoder, height, width, channels);
        this.gemm = settings.kernel().create();
        KernelScratch scratch = new KernelScratch();
        int convs = plan.convs().size();
        int gateScratch = 0;
        for (LayerPlan.Step step : plan.steps()) {
            if (step instanceof LayerPlan.Conv c) {
                SkipConvLayer layer = new SkipConvLayer(
                        c,
                        ConvKernel.of(c, gemm, scratch),
                        settings.epsilonAt(c.index(), convs),
                        settings.denseFallback());
                gateScratch = Math.max(gateScratch, layer.gateScratchSize());
                layers.add(layer);
                ops.add(layer);
            } else {
                LayerPlan.Add a = (LayerPlan.Add) step;
                ops.add(new ResidualAdd(a, plan.positions(a.outBuffer())));
            }
        }
        work = new FrameWorkspace(plan, gateScratch);
        stats = new SkipConvFrameStats(convs, ops.size());
        ort = settings.onnxRuntimeDense() ? new OnnxRuntimeDense(encoder, plan, settings.denseFromNode()) : null;
        if (ort != null) {
            // a frame found moving everywhere goes to ONNX Runtime whole: the first layer need not compute it
            layers.get(0).deferWholeFrames();
        }
    }

    /** The steps this network runs. */
    public LayerPlan plan() {
        return plan;
    }

    /** A fresh per-stream cache for this network. */
    public SkipConvState newState() {
        int[] refSizes = new int[layers.size()];
        for (SkipConvLayer l : layers) {
            LayerPlan.Conv c = l.conv();
            refSizes[c.index()] = c.gated() ? plan.size(c.inBuffer()) : 0;
        }
        int[] outSizes = new int[plan.buffers() - 1];
        for (int b = 1; b < plan.buffers(); b++) {
            outSizes[b - 1] = plan.size(b);
        }
        return new SkipConvState(refSizes, outSizes);
    }

    /** Heap bytes of one stream's cache: every gated layer's reference input and every node's output. */
    public long stateBytes() {
        long floats = layers.size();
        for (LayerPlan.Conv c : plan.convs()) {
            floats += c.gated() ? (long) plan.size(c.inBuffer()) : 0;
        }
        for (int b = 1; b < plan.buffers(); b++) {
            floats += plan.size(b);
        }
        return floats * Float.BYTES;
    }

    public int convLayers() {
        return layers.size();
    }

    /** Output map shape {H, W, C}. */
    public int[] outputShape() {
        return plan.shape(plan.outputBuffer());
    }

    /** Output positions of conv layer {@code i}. */
    public int layerOutputPositions(int i) {
        return plan.convs().get(i).outPositions();
    }

    /** Input positions of conv layer {@code i}. */
    public int layerInputPositions(int i) {
        return plan.convs().get(i).inPositions();
    }

    /** MACs of one dense pass. */
    public long denseMacs() {
        return plan.denseMacs();
    }

    /** Stats of the last {@link #run}; overwritten by the next. */
    public SkipConvFrameStats lastStats() {
        return stats;
    }

    /**
     * Runs one frame (HWC, the size this network was compiled for) through the stream's cache and returns the output
     * map, HWC, owned by the state (valid until its next frame). {@code frameUnchanged} is the differencing stage's
     * verdict that no tile changed: the previous output is reused as it is.
     */
    public float[] run(SkipConvState state, float[] input, boolean frameUnchanged) {
        return run(state, input, null, frameUnchanged, true);
    }

    /**
     * As {@link #run(SkipConvState, float[], boolean)}, with the same frame's CHW floats too (the engine's layout, which
     * the glance's preprocessing produces): a frame that runs whole on ONNX Runtime reads them without a transpose.
     */
    public float[] run(SkipConvState state, float[] input, float[] inputChw, boolean frameUnchanged) {
        return run(state, input, inputChw, frameUnchanged, true);
    }

    /**
     * A dense pass with the same kernels (every position computed, nothing a later skip frame would need), for
     * comparison; returns a fresh array.
     */
    public float[] dense(float[] input) {
        if (denseScratch == null) {
            denseScratch = newState();
        }
        denseScratch.reset();
        return run(denseScratch, input, null, false, false).clone();
    }

    private float[] run(
            SkipConvState state, float[] input, float[] inputChw, boolean frameUnchanged, boolean keepState) {
        stats.clear();
        int output = plan.outputBuffer() - 1;
        if (frameUnchanged && !state.fresh) {
            stats.reused = true;
            stats.denseMacs = denseMacs();
            state.frames++;
            return state.outputs[output];
        }
        work.nextFrame();
        // a one-off dense pass compares this package's kernels: it never goes to ONNX Runtime
        boolean useOrt = ort != null && keepState;
        if (useOrt && state.fresh) {
            // a stream's first frame (or one after a scene cut) runs whole on ONNX Runtime too; the first layer alone
            // is
            // computed here for its gate's scale, and the caches wait for a frame that gates
            layers.get(0).computeScale(state, input);
            System.arraycopy(input, 0, state.refs[0], 0, input.length);
            state.scalesPending = true;
            return denseOnOrt(state, input, inputChw);
        }
        if (useOrt && wholeFrameOnOrt(state, input)) {
            return denseOnOrt(state, input, inputChw);
        }
        // after frames that ran on ONNX Runtime no layer's cache is current: every layer recomputes densely
        boolean fresh = state.fresh || state.stale;
        int steps = useOrt ? ort.headSteps : ops.size();
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            Object op = ops.get(i);
            if (op instanceof SkipConvLayer l) {
                l.run(state, buffer(state, input, l.conv().inBuffer()), fresh, keepState, work, stats);
                if (useOrt && work.wholeFrameDense) {
                    System.arraycopy(input, 0, state.refs[0], 0, input.length);
                    return denseOnOrt(state, input, inputChw);
                }
            } else {
                ResidualAdd a = (ResidualAdd) op;
                LayerPlan.Add add = a.step();
                a.run(
                        buffer(state, input, add.aBuffer()),
                        buffer(state, input, add.bBuffer()),
                        state.outputs[add.outBuffer() - 1],
                        work);
            }
            stats.stepNanos[i] = System.nanoTime() - start;
        }
        if (useOrt && ort.tail != null) {
            long start = System.nanoTime();
            float[] out = ort.tail.forward(buffer(state, input, ort.tailInput));
            stats.stepNanos[ops.size()] = System.nanoTime() - start;
            System.arraycopy(out, 0, state.outputs[output], 0, out.length);
            ranDensely(ort.firstTailConv);
        }
        state.fresh = false;
        state.stale = false;
        state.scalesPending = false;
        state.frames++;
        return state.outputs[output];
    }

    /**
     * Whether this frame of a stream in a dense streak goes to ONNX Runtime whole: between probes it does; a probe after
     * such frames (no layer cache is current then) gates the first layer's input against its reference, and the frame
     * goes too while the first layer would still recompute nearly every output. The first layer's reference holds the
     * input of the frame before each probe.
     */
    private boolean wholeFrameOnOrt(SkipConvState state, float[] input) {
        if (DenseStreakPolicy.skipGate(state)) {
            if (DenseStreakPolicy.probesNext(state)) {
                // only the probe reads the reference: it measures motion since the frame before it
                System.arraycopy(input, 0, state.refs[0], 0, input.length);
            }
            return true;
        }
        if (state.stale) {
            if (!layers.get(0).probeMovingEverywhere(state, input, work)) {
                state.denseStreak = 0; // calm: this frame rebuilds the caches
                return false;
            }
            DenseStreakPolicy.movingEverywhere(state);
            System.arraycopy(input, 0, state.refs[0], 0, input.length);
            return true;
        }
        return false;
    }

    private float[] denseOnOrt(SkipConvState state, float[] input, float[] inputChw) {
        stats.clear();
        float[] out = inputChw != null ? ort.wholeFromChw.forward(inputChw) : ort.whole.forward(input);
        float[] kept = state.outputs[plan.outputBuffer() - 1];
        System.arraycopy(out, 0, kept, 0, out.length);
        ranDensely(0);
        stats.onOnnxRuntime = true;
        state.stale = true;
        state.fresh = false;
        state.frames++;
        return kept;
    }

    /** Stats: the convs from {@code firstConv} on computed every output (on ONNX Runtime). */
    private void ranDensely(int firstConv) {
        for (int i = firstConv; i < layers.size(); i++) {
            LayerPlan.Conv c = layers.get(i).conv();
            stats.opened[i] = c.inPositions();
            stats.denseFallback[i] = true;
            stats.layerRan(i, c.outPositions(), c.macsPerOutput(), c.outPositions());
        }
    }

    private static float[] buffer(SkipConvState state, float[] input, int b) {
        return b == 0 ? input : state.outputs[b - 1];
    }

    @Override
    public void close() {
        gemm.close();
        if (ort != null) {
            ort.close();
        }
    }
}
