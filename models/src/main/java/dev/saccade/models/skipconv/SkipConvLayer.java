package dev.saccade.models.skipconv;

/**
 * One conv layer run with skip-convolutions: decides whether the layer gates or runs densely this frame, lets the gate
 * open positions and list outputs, has the kernel recompute them from x_ref, and records what it cost.
 */
final class SkipConvLayer {
    private final LayerPlan.Conv conv;
    private final LayerGate gate;
    private final ConvKernel kernel;
    private final float epsilon;
    private final float denseFallback;
    private final long macsPerOutput;
    /** Whole frames found moving everywhere are computed elsewhere (ONNX Runtime): only mark them. */
    private boolean deferWholeFrames;

    SkipConvLayer(LayerPlan.Conv conv, ConvKernel kernel, float epsilon, float denseFallback) {
        this.conv = conv;
        this.gate = new LayerGate(conv);
        this.kernel = kernel;
        this.epsilon = epsilon;
        this.denseFallback = denseFallback;
        this.macsPerOutput = conv.macsPerOutput();
    }

    LayerPlan.Conv conv() {
        return conv;
    }

    void deferWholeFrames() {
        deferWholeFrames = true;
    }

    /** Computes this layer densely on {@code in} into the stream's cache for its gate's scale alone. */
    void computeScale(SkipConvState state, float[] in) {
        float[] out = state.outputs[conv.outBuffer() - 1];
        kernel.computeAll(in, out);
        state.scales[conv.index()] = meanAbs(out);
    }

    /**
     * Gates the network's input against this (first) layer's reference, copying the opened positions into it, and says
     * whether the frame moves nearly everywhere: its opened inputs, or the outputs their windows cover, are past the
     * dense-fallback share. Nothing is computed. False where this layer is not a gated 4-channel one.
     */
    boolean probeMovingEverywhere(SkipConvState state, float[] in, FrameWorkspace work) {
        if (conv.inC() != 4 || !conv.gated() || conv.kind() == LayerKind.POINTWISE) {
            return false;
        }
        gate.clear();
        gate.gateFourChannels(in, state.refs[conv.index()], epsilon * state.scales[conv.index()], work.openedInputs);
        if (beyondFallback(gate.opened(), conv.inPositions())) {
            return true;
        }
        int outBuf = conv.outBuffer();
        gate.mark(work.openedInputs, gate.opened(), work.stamps(outBuf), work.stampValue(), work.list(outBuf));
        return beyondFallback(gate.marked(), conv.outPositions());
    }

    /** Floats of gate scratch this layer needs. */
    int gateScratchSize() {
        return gate.scratchSize();
    }

    /**
     * Runs the layer on {@code in} for one frame. {@code fresh}: the stream's first frame, computed densely; without
     * {@code keepState} it is a one-off dense pass that leaves nothing a later frame would read.
     */
    void run(
            SkipConvState state,
            float[] in,
            boolean fresh,
            boolean keepState,
            FrameWorkspace work,
            SkipConvFrameStats stats) {
        int index = conv.index();
        int inBuf = conv.inBuffer();
        int outBuf = conv.outBuffer();
        // an ungated layer's reference is its input: every position its producer rewrites is taken as it is
        float[] ref = conv.gated() ? state.refs[index] : in;
        float[] out = state.outputs[outBuf - 1];
        int inPositions = conv.inPositions();
        int outPositions = conv.outPositions();
        int[] outList = work.list(outBuf);
        int count = 0;
        boolean all;
        boolean listed = false; // outList holds every output whose window saw an opened position
        gate.clear();
        if (fresh && !keepState) {
            ref = in; // a one-off dense pass reads its input where it is
            stats.opened[index] = inPositions;
            all = true;
        } else if (fresh
                || (conv.gated() && state.refStale[index])
                || (inBuf != 0 && (work.all(inBuf) || beyondFallback(work.count(inBuf), inPositions)))) {
            // a new stream, a reference left behind by a dense frame, or an input that changed nearly everywhere (the
            // previous layer ran densely): gating each position would only cost time, so x_ref becomes the whole input
            if (ref != in) {
                if (work.wholeFrameDense && !fresh) {
                    // while whole frames run densely x_ref is only needed once motion calms: copy it then, not now
                    state.refStale[index] = true;
                    ref = in;
                } else {
                    System.arraycopy(in, 0, ref, 0, ref.length);
                    state.refStale[index] = false;
                }
            }
            stats.opened[index] = inPositions;
            all = true;
        } else {
            float threshold = epsilon * state.scales[index];
            boolean inAll = work.all(inBuf);
            int inCount = inAll ? inPositions : work.count(inBuf);
            int[] inList = work.list(inBuf);
            int[] stamp = work.stamps(outBuf);
            int stampValue = work.stampValue();
            boolean probedFirstLayer = false;
            if (inAll && conv.inC() == 4 && conv.gated() && conv.kind() != LayerKind.POINTWISE) {
                // the network's input changes everywhere every frame: gate it in one loop, no call per position
                if (DenseStreakPolicy.skipGate(state)) {
                    System.arraycopy(in, 0, ref, 0, ref.length);
                    runWholeFrameDensely(ref, out, inPositions, work, stats);
                    return;
                }
                gate.gateFourChannels(in, ref, threshold, work.openedInputs);
                if (beyondFallback(gate.opened(), inPositions)) {
                    // nearly everything moved: mark nothing, and let the next layers run densely too
                    DenseStreakPolicy.movingEverywhere(state);
                    runWholeFrameDensely(ref, out, gate.opened(), work, stats);
                    return;
                }
                probedFirstLayer = true;
                gate.mark(work.openedInputs, gate.opened(), stamp, stampValue, outList);
                inCount = 0;
            }
            if (conv.gated()) {
                gate.gate(in, ref, threshold, inAll, inCount, inList, work.weighted, stamp, stampValue, outList);
            } else {
                gate.openAll(inAll, inCount, inList, stamp, stampValue, outList);
            }
            count = gate.marked();
            stats.opened[index] = gate.opened();
            all = beyondFallback(count, outPositions);
            listed = true;
            if (probedFirstLayer && all && deferWholeFrames) {
                // with ONNX Runtime at hand a frame whose first layer recomputes (nearly) every output runs there
                // whole:
                // its dense convs beat this package's, and the frames after it stay exact
                DenseStreakPolicy.movingEverywhere(state);
                runWholeFrameDensely(ref, out, gate.opened(), work, stats);
                return;
            }
            if (probedFirstLayer) {
                DenseStreakPolicy.probed(state, all, gate.opened(), inPositions);
            }
        }
        if (all) {
            stats.denseFallback[index] = !fresh;
            kernel.computeAll(ref, out);
            // a rebuild after frames on ONNX Runtime keeps the stream's scales, unless its first frame ran there
            if ((state.fresh || state.scalesPending) && keepState) {
                state.scales[index] = meanAbs(out);
            }
            // after gating, only the listed outputs moved (the rest recompute to what they were): the next layer stays
            // sparse
            if (listed) {
                work.setListed(outBuf, count);
            } else {
                work.setAll(outBuf, outPositions);
            }
            count = outPositions;
        } else {
            int computed = count > 0
                    ? kernel.computeListed(ref, out, outList, count, work.stamps(outBuf), work.stampValue())
                    : 0;
            work.setListed(outBuf, count);
            count = computed;
        }
        stats.layerRan(index, count, macsPerOutput, outPositions);
    }

    /** The gate's scale: the layer's mean |output| on a stream's first frame (once per stream, so plainly). */
    private static float meanAbs(float[] out) {
        double sum = 0;
        for (float v : out) {
            sum += Math.abs(v);
        }
        return (float) Math.max(1e-6, sum / out.length);
    }

    private void runWholeFrameDensely(
            float[] ref, float[] out, int opened, FrameWorkspace work, SkipConvFrameStats stats) {
        int outPositions = conv.outPositions();
        work.wholeFrameDense = true;
        stats.opened[conv.index()] = opened;
        stats.denseFallback[conv.index()] = true;
        if (!deferWholeFrames) {
            kernel.computeAll(ref, out);
        }
        work.setAll(conv.outBuffer(), outPositions);
        stats.layerRan(conv.index(), outPositions, macsPerOutput, outPositions);
    }

    /** Whether {@code n} of {@code total} positions is past the share above which a layer runs densely. */
    private boolean beyondFallback(int n, int total) {
        return n > denseFallback * total;
    }
}
