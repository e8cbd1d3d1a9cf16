package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A folded encoder compiled for skip-convolutions at one input size (HWC float maps). Each conv layer gates its input
 * against its reference x_ref per position (|x - x_ref| summed over channels, each weighted by how strongly it drives
 * the outputs, against epsilon times the layer's mean |output| on the stream's first frame), copies opened positions
 * into x_ref, and recomputes only the outputs whose window touches an opened position, from x_ref: the cached output
 * is always exactly the layer applied to x_ref, so nothing drifts. Only positions the previous layer changed are
 * gated (elsewhere the residual is what it was when last gated), and a layer right after a pointwise or full conv
 * takes those positions as they are. Above the dense-fallback share a layer runs densely. The arithmetic is one GEMM
 * per layer on the gathered rows (pointwise and full convs) or tap-by-tap runs along output rows (depthwise).
 *
 * <p>Weights are shared; per-stream state lives in {@link SkipConvState}. One instance serves one thread.
 */
public final class SkipConvNetwork implements AutoCloseable {
    private enum Kind {
        POINTWISE,
        DEPTHWISE,
        FULL
    }

    private static final class Conv {
        int index;
        int inBuf;
        int outBuf;
        int inH;
        int inW;
        int inC;
        int outH;
        int outW;
        int outC;
        int k;
        int stride;
        int pad;
        Kind kind;
        Act act;
        /**
         * False after a pointwise or full conv: its outputs change only where its own gate opened, and by about as much,
         * so a second gate there never closed on the footage measured (README) and only costs time. Such a layer's x_ref
         * is its input itself: the producer rewrites exactly the positions it lists as changed.
         */
        boolean gated;

        float[] wt;
        /** Per input row and column: the range of outputs whose window covers it (see markWindow). */
        int[] windowRows;

        int[] windowColumns;
        /** Depthwise: each tap's weights repeated across an output row, and the bias likewise. */
        float[][] tapRows;

        float[] biasRow;
        Object prepared;
        float[] bias;
        /** Per input channel, how much a unit change moves an output on average: the gate weighs residuals by it. */
        float[] gain;
        /** {@link #gain} repeated at every input position, so the gate's weighting loop indexes every array alike. */
        float[] gainMap;

        int rowLength;
        long macsPerOutput;
        float epsilon;
    }

    private static final class Add {
        int aBuf;
        int bBuf;
        int outBuf;
        int channels;
        Act act;
    }

    /** Unstamped outputs between two runs of a depthwise row that are recomputed to join the runs. */
    private static final int DEPTHWISE_JOIN_GAP = 4;
    /**
     * While whole frames run densely, the first layer's gate runs on every this-many-th frame only; each probe that
     * finds the frame still moving nearly everywhere doubles the interval, up to {@link #MAX_DENSE_PROBE_INTERVAL}.
     */
    static final int DENSE_PROBE_INTERVAL = 4;
    /** Share of the first layer's inputs opening above which a frame that recomputes every output starts a dense streak. */
    private static final double DENSE_STREAK_OPEN_SHARE = 0.5;

    private static final int MAX_DENSE_PROBE_INTERVAL = 16;
    private final SkipConvSettings settings;
    private final RowGemm gemm;
    private final List<Object> ops = new ArrayList<>();
    private final List<Conv> convs = new ArrayList<>();
    private final List<int[]> bufferShapes = new ArrayList<>(); // {H, W, C}; buffer 0 is the network input
    private final Map<Integer, Object> producers = new HashMap<>();
    // workspace for the frame being run (single-threaded)
    private int[][] changed;
    private int[] changedCount;
    private boolean[] changedAll;
    private int[][] stamps;
    private int run;
    private float[] gathered = new float[0];
    private float[] gateScratch = new float[0];
    private int[] openedInputs;
    /** The first layer found this frame moving nearly everywhere and ran it densely. */
    private boolean wholeFrameDense;

    private float[] rowAcc = new float[0];
    private float[] rowTap = new float[0];
    private float[] product = new float[0];
    private final SkipConvFrameStats stats;
    private SkipConvState denseScratch;

    public SkipConvNetwork(FoldedEncoder encoder, int height, int width, int channels, SkipConvSettings settings) {
        this.settings = settings;
        this.gemm = settings.kernel().create();
        bufferShapes.add(new int[] {height, width, channels});
        int last = compile(encoder.nodes(), 0);
        if (last != bufferShapes.size() - 1) {
            throw new IllegalStateException("the last op must write the last buffer");
        }
        int layers = convs.size();
        for (Conv c : convs) {
            c.epsilon = settings.epsilonAt(c.index, layers);
        }
        int buffers = bufferShapes.size();
        changed = new int[buffers][];
        changedCount = new int[buffers];
        changedAll = new boolean[buffers];
        stamps = new int[buffers][];
        for (int b = 0; b < buffers; b++) {
            int positions = positions(b);
            changed[b] = new int[positions];
            stamps[b] = new int[positions];
        }
        stats = new SkipConvFrameStats(layers);
        openedInputs = new int[positions(0)];
    }

    private int compile(List<Node> nodes, int in) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer layer) {
                in = addConv(layer, in);
            } else if (n instanceof Residual r) {
                int body = compile(r.body(), in);
                int[] s = bufferShapes.get(body);
                if (!Arrays.equals(s, bufferShapes.get(in))) {
                    throw new IllegalArgumentException("residual body changes the shape");
                }
                Add add = new Add();
                add.aBuf = in;
                add.bBuf = body;
                add.outBuf = newBuffer(s[0], s[1], s[2]);
                producers.put(add.outBuf, add);
                add.channels = s[2];
                add.act = r.act();
                ops.add(add);
                in = add.outBuf;
            }
        }
        return in;
    }

    private int addConv(ConvLayer layer, int in) {
        int[] s = bufferShapes.get(in);
        Conv c = new Conv();
        c.index = convs.size();
        c.inBuf = in;
        c.inH = s[0];
        c.inW = s[1];
        c.inC = s[2];
        c.k = layer.kernel();
        c.stride = layer.stride();
        c.pad = layer.padding();
        c.outC = layer.outChannels();
        c.outH = (c.inH + 2 * c.pad - c.k) / c.stride + 1;
        c.outW = (c.inW + 2 * c.pad - c.k) / c.stride + 1;
        c.act = layer.act();
        c.bias = layer.bias();
        float[] w = layer.weight(); // (out, in/groups, k, k)
        int perOut = (int) (layer.weightShape().get(1) * c.k * c.k);
        if (layer.groups() == 1 && c.k == 1 && c.stride == 1 && c.pad == 0) {
            c.kind = Kind.POINTWISE;
            c.rowLength = c.inC;
            c.wt = new float[c.inC * c.outC];
            for (int o = 0; o < c.outC; o++) {
                for (int i = 0; i < c.inC; i++) {
                    c.wt[i * c.outC + o] = w[o * c.inC + i];
                }
            }
        } else if (layer.groups() == 1) {
            c.kind = Kind.FULL;
            c.rowLength = c.k * c.k * c.inC;
            c.wt = new float[c.rowLength * c.outC];
            for (int o = 0; o < c.outC; o++) {
                for (int i = 0; i < c.inC; i++) {
                    for (int ky = 0; ky < c.k; ky++) {
                        for (int kx = 0; kx < c.k; kx++) {
                            int row = (ky * c.k + kx) * c.inC + i;
                            c.wt[row * c.outC + o] = w[((o * c.inC + i) * c.k + ky) * c.k + kx];
                        }
                    }
                }
            }
        } else if (layer.groups() == c.inC && c.outC == c.inC) {
            c.kind = Kind.DEPTHWISE;
            c.tapRows = new float[c.k * c.k][c.outW * c.inC];
            c.biasRow = new float[c.outW * c.inC];
            for (int x = 0; x < c.outW; x++) {
                for (int ch = 0; ch < c.inC; ch++) {
                    for (int t = 0; t < c.k * c.k; t++) {
                        c.tapRows[t][x * c.inC + ch] = w[ch * c.k * c.k + t];
                    }
                    c.biasRow[x * c.inC + ch] = c.bias[ch];
                }
            }
        } else {
            throw new IllegalArgumentException(
                    "unsupported conv: groups " + layer.groups() + ", " + c.inC + "->" + c.outC);
        }
        if (c.kind != Kind.DEPTHWISE) {
            c.prepared = gemm.prepare(c.wt, c.bias, c.rowLength, c.outC);
        }
        c.gain = channelGain(layer, c.inC);
        Object producer = producers.get(in);
        c.gated = !(producer instanceof Conv p && p.kind != Kind.DEPTHWISE);
        if (c.gated) {
            c.gainMap = new float[c.inH * c.inW * c.inC];
            for (int i = 0; i < c.gainMap.length; i++) {
                c.gainMap[i] = c.gain[i % c.inC];
            }
            gateScratch = c.gainMap.length > gateScratch.length ? new float[c.gainMap.length] : gateScratch;
        }
        c.windowRows = windowTable(c.inH, c.outH, c.k, c.stride, c.pad);
        c.windowColumns = windowTable(c.inW, c.outW, c.k, c.stride, c.pad);
        c.macsPerOutput = (long) perOut * c.outC;
        c.outBuf = newBuffer(c.outH, c.outW, c.outC);
        producers.put(c.outBuf, c);
        convs.add(c);
        ops.add(c);
        return c.outBuf;
    }

    /** Per input channel, the mean summed |w| connecting it to one output: what the gates weigh residuals by. */
    static float[] channelGain(ConvLayer c, int inC) {
        float[] w = c.weight();
        int taps = c.kernel() * c.kernel();
        int outC = c.outChannels();
        float[] gain = new float[inC];
        if (c.groups() == 1) {
            for (int o = 0; o < outC; o++) {
                for (int i = 0; i < inC; i++) {
                    for (int t = 0; t < taps; t++) {
                        gain[i] += Math.abs(w[(o * inC + i) * taps + t]);
                    }
                }
            }
            for (int i = 0; i < inC; i++) {
                gain[i] /= outC;
            }
        } else if (c.groups() == inC && outC == inC) {
            for (int i = 0; i < inC; i++) {
                for (int t = 0; t < taps; t++) {
                    gain[i] += Math.abs(w[i * taps + t]);
                }
            }
        } else {
            throw new IllegalArgumentException("unsupported conv: groups " + c.groups() + ", " + inC + "->" + outC);
        }
        return gain;
    }

    private int newBuffer(int h, int w, int c) {
        bufferShapes.add(new int[] {h, w, c});
        return bufferShapes.size() - 1;
    }

    private int positions(int buffer) {
        int[] s = bufferShapes.get(buffer);
        return s[0] * s[1];
    }

    /** A fresh per-stream cache for this network. */
    public SkipConvState newState() {
        int[] refSizes = new int[convs.size()];
        for (Conv c : convs) {
            refSizes[c.index] = c.gated ? c.inH * c.inW * c.inC : 0;
        }
        int[] outSizes = new int[bufferShapes.size() - 1];
        for (int b = 1; b < bufferShapes.size(); b++) {
            int[] s = bufferShapes.get(b);
            outSizes[b - 1] = s[0] * s[1] * s[2];
        }
        return new SkipConvState(refSizes, outSizes);
    }

    /** Heap bytes of one stream's cache: every gated layer's reference input and every node's output. */
    public long stateBytes() {
        long floats = convs.size();
        for (Conv c : convs) {
            floats += c.gated ? (long) c.inH * c.inW * c.inC : 0;
        }
        for (int b = 1; b < bufferShapes.size(); b++) {
            int[] s = bufferShapes.get(b);
            floats += (long) s[0] * s[1] * s[2];
        }
        return floats * Float.BYTES;
    }

    public int convLayers() {
        return convs.size();
    }

    /** Output map shape {H, W, C}. */
    public int[] outputShape() {
        return bufferShapes.get(bufferShapes.size() - 1).clone();
    }

    /** Output positions of conv layer {@code i}. */
    public int layerOutputPositions(int i) {
        return convs.get(i).outH * convs.get(i).outW;
    }

    /** Input positions of conv layer {@code i}. */
    public int layerInputPositions(int i) {
        return convs.get(i).inH * convs.get(i).inW;
    }

    /** MACs of one dense pass. */
    public long denseMacs() {
        long m = 0;
        for (Conv c : convs) {
            m += c.macsPerOutput * c.outH * c.outW;
        }
        return m;
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
        return run(state, input, frameUnchanged, true);
    }

    private float[] run(SkipConvState state, float[] input, boolean frameUnchanged, boolean keepState) {
        stats.clear();
        int lastBuf = bufferShapes.size() - 1;
        if (frameUnchanged && !state.fresh) {
            stats.reused = true;
            stats.denseMacs = denseMacs();
            state.frames++;
            return state.outputs[lastBuf - 1];
        }
        run++;
        if (run == Integer.MAX_VALUE) {
            run = 1;
            for (int[] s : stamps) {
                Arrays.fill(s, 0);
            }
        }
        changedAll[0] = true;
        changedCount[0] = positions(0);
        boolean fresh = state.fresh;
        wholeFrameDense = false;
        for (Object op : ops) {
            if (op instanceof Conv c) {
                runConv(c, state, buffer(state, input, c.inBuf), fresh, keepState);
            } else {
                runAdd((Add) op, state, input);
            }
        }
        state.fresh = false;
        state.frames++;
        return state.outputs[lastBuf - 1];
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
        return run(denseScratch, input, false, false).clone();
    }

    private static float[] buffer(SkipConvState state, float[] input, int b) {
        return b == 0 ? input : state.outputs[b - 1];
    }

    private void runConv(Conv c, SkipConvState state, float[] in, boolean fresh, boolean keepState) {
        // an ungated layer's reference is its input: every position its producer rewrites is taken as it is
        float[] ref = c.gated ? state.refs[c.index] : in;
        float[] out = state.outputs[c.outBuf - 1];
        int inPositions = c.inH * c.inW;
        int outPositions = c.outH * c.outW;
        int[] outList = changed[c.outBuf];
        int count = 0;
        boolean all;
        boolean listed = false; // outList holds every output whose window saw an opened position
        boolean probedFirstLayer = false;
        if (fresh && !keepState) {
            ref = in; // a one-off dense pass reads its input where it is
            stats.opened[c.index] = inPositions;
            all = true;
        } else if (fresh
                || (c.gated && state.refStale[c.index])
                || (c.inBuf != 0 && (changedAll[c.inBuf] || beyondFallback(changedCount[c.inBuf], inPositions)))) {
            // a new stream, a reference left behind by a dense frame, or an input that changed nearly everywhere (the
            // previous layer ran densely): gating each position would only cost time, so x_ref becomes the whole input
            if (ref != in) {
                if (wholeFrameDense && !fresh) {
                    // while whole frames run densely the reference is only needed once motion calms: copy it then, not
                    // now
                    state.refStale[c.index] = true;
                    ref = in;
                } else {
                    System.arraycopy(in, 0, ref, 0, ref.length);
                    state.refStale[c.index] = false;
                }
            }
            stats.opened[c.index] = inPositions;
            all = true;
        } else {
            float threshold = c.epsilon * state.scales[c.index];
            boolean inAll = changedAll[c.inBuf];
            int inCount = inAll ? inPositions : changedCount[c.inBuf];
            int[] inList = changed[c.inBuf];
            int[] stamp = stamps[c.outBuf];
            int stampValue = run;
            int opened = 0;
            int inC = c.inC;
            float[] gain = c.gain;
            if (inAll && inC == 4 && c.gated && c.kind != Kind.POINTWISE) {
                // the network's input (colour and difference): every position, every frame, so no call per position
                if (state.denseStreak % state.probeInterval != 0) {
                    // the stream moved nearly everywhere lately: run densely without gating, and gate again every few
                    // frames
                    System.arraycopy(in, 0, ref, 0, ref.length);
                    state.denseStreak++;
                    runFirstLayerDensely(c, ref, out, inPositions, outPositions);
                    return;
                }
                float g0 = gain[0];
                float g1 = gain[1];
                float g2 = gain[2];
                float g3 = gain[3];
                for (int p = 0; p < inPositions; p++) {
                    int o = 4 * p;
                    float d = Math.abs(in[o] - ref[o]) * g0
                            + Math.abs(in[o + 1] - ref[o + 1]) * g1
                            + Math.abs(in[o + 2] - ref[o + 2]) * g2
                            + Math.abs(in[o + 3] - ref[o + 3]) * g3;
                    if (d > threshold) {
                        ref[o] = in[o];
                        ref[o + 1] = in[o + 1];
                        ref[o + 2] = in[o + 2];
                        ref[o + 3] = in[o + 3];
                        openedInputs[opened++] = p;
                    }
                }
                if (beyondFallback(opened, inPositions)) {
                    // nearly everything moved: mark nothing, run densely, and let the next layers run densely too
                    continueDenseStreak(state);
                    runFirstLayerDensely(c, ref, out, opened, outPositions);
                    return;
                }
                probedFirstLayer = true;
                for (int i = 0; i < opened; i++) {
                    count = markWindow(c, openedInputs[i], stamp, stampValue, outList, count);
                }
                inCount = 0;
            }
            if (c.gated) {
                // runs of neighbouring positions: the weighted residual in one vectorised loop per run, then a sum per
                // position
                float[] gainMap = c.gainMap;
                float[] weighted = gateScratch;
                int i = 0;
                while (i < inCount) {
                    int from = inAll ? i : inList[i];
                    int j = i + 1;
                    if (inAll) {
                        j = inCount;
                    } else {
                        while (j < inCount && inList[j] == inList[j - 1] + 1) {
                            j++;
                        }
                    }
                    int to = from + (j - i);
                    for (int k = from * inC, end = to * inC; k < end; k++) {
                        weighted[k] = Math.abs(in[k] - ref[k]) * gainMap[k];
                    }
                    for (int p = from; p < to; p++) {
                        int o = p * inC;
                        if (channelSum(weighted, o, inC) > threshold) {
                            System.arraycopy(in, o, ref, o, inC);
                            opened++;
                            if (c.kind == Kind.POINTWISE) {
                                outList[count++] = p;
                            } else {
                                count = markWindow(c, p, stamp, stampValue, outList, count);
                            }
                        }
                    }
                    i = j;
                }
            } else {
                for (int i = 0; i < inCount; i++) {
                    int p = inAll ? i : inList[i];
                    opened++;
                    if (c.kind == Kind.POINTWISE) {
                        outList[count++] = p;
                    } else {
                        count = markWindow(c, p, stamp, stampValue, outList, count);
                    }
                }
            }
            stats.opened[c.index] = opened;
            all = beyondFallback(count, outPositions);
            listed = true;
            if (probedFirstLayer && all && opened > DENSE_STREAK_OPEN_SHARE * inPositions) {
                // fewer inputs than the fallback share opened, but over half the frame, and their windows cover nearly
                // every
                // output: the whole scene moves, so the next frames skip the gate too instead of gating and marking
                // each one
                // (one large object moving near the camera opens less and keeps the gate running every frame)
                continueDenseStreak(state);
            } else if (probedFirstLayer) {
                state.denseStreak = 0;
            }
        }
        if (all) {
            stats.denseFallback[c.index] = !fresh;
            computeAll(c, ref, out);
            if (fresh && keepState) {
                // once per stream, so plainly
                double sum = 0;
                for (float v : out) {
                    sum += Math.abs(v);
                }
                state.scales[c.index] = (float) Math.max(1e-6, sum / out.length);
            }
            // after gating, only the listed outputs moved (the rest recompute to what they were): the next layer stays
            // sparse
            changedAll[c.outBuf] = !listed;
            changedCount[c.outBuf] = listed ? count : outPositions;
            count = outPositions;
        } else {
            int computed = count > 0 ? computeRows(c, ref, out, outList, count) : 0;
            changedAll[c.outBuf] = false;
            changedCount[c.outBuf] = count;
            count = computed;
        }
        stats.computed[c.index] = count;
        stats.macs += c.macsPerOutput * count;
        stats.denseMacs += c.macsPerOutput * outPositions;
    }

    /** A probe found the frame moving nearly everywhere: the next frames run densely, for longer if it still did. */
    private static void continueDenseStreak(SkipConvState state) {
        state.probeInterval = state.denseStreak == 0
                ? DENSE_PROBE_INTERVAL
                : Math.min(MAX_DENSE_PROBE_INTERVAL, 2 * state.probeInterval);
        state.denseStreak = 1;
    }

    /** Whether {@code n} of {@code total} positions is past the share above which a layer runs densely. */
    private boolean beyondFallback(int n, int total) {
        return n > settings.denseFallback() * total;
    }

    private void runFirstLayerDensely(Conv c, float[] ref, float[] out, int opened, int outPositions) {
        wholeFrameDense = true;
        stats.opened[c.index] = opened;
        stats.denseFallback[c.index] = true;
        computeAll(c, ref, out);
        changedAll[c.outBuf] = true;
        changedCount[c.outBuf] = outPositions;
        stats.computed[c.index] = outPositions;
        stats.macs += c.macsPerOutput * outPositions;
        stats.denseMacs += c.macsPerOutput * outPositions;
    }

    /** Adds every output whose KxK window covers input position p (once per frame, by stamp). */
    private static int markWindow(Conv c, int p, int[] stamp, int stampValue, int[] outList, int count) {
        int py = p / c.inW;
        int px = p - py * c.inW;
        int ox0 = c.windowColumns[2 * px];
        int ox1 = c.windowColumns[2 * px + 1];
        for (int oy = c.windowRows[2 * py], oy1 = c.windowRows[2 * py + 1]; oy <= oy1; oy++) {
            int row = oy * c.outW;
            for (int ox = ox0; ox <= ox1; ox++) {
                int o = row + ox;
                if (stamp[o] != stampValue) {
                    stamp[o] = stampValue;
                    outList[count++] = o;
                }
            }
        }
        return count;
    }

    /** For each input coordinate along an axis, the first and last output coordinate whose window covers it. */
    private static int[] windowTable(int in, int out, int k, int stride, int pad) {
        int[] t = new int[2 * in];
        for (int i = 0; i < in; i++) {
            t[2 * i] = Math.max(0, ceilDiv(i + pad - k + 1, stride));
            t[2 * i + 1] = Math.min(out - 1, Math.floorDiv(i + pad, stride));
        }
        return t;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private void computeAll(Conv c, float[] ref, float[] out) {
        int outPositions = c.outH * c.outW;
        switch (c.kind) {
            case POINTWISE -> {
                gemm.multiply(ref, outPositions, c.inC, c.prepared, c.outC, out);
                activate(out, 0, outPositions * c.outC, c.act);
            }
            case FULL -> {
                float[] rows = gatherBuffer(outPositions * c.rowLength);
                for (int o = 0; o < outPositions; o++) {
                    im2col(c, ref, o, rows, o * c.rowLength);
                }
                gemm.multiply(rows, outPositions, c.rowLength, c.prepared, c.outC, out);
                activate(out, 0, outPositions * c.outC, c.act);
            }
            case DEPTHWISE -> {
                for (int oy = 0; oy < c.outH; oy++) {
                    depthwiseRow(c, ref, out, oy, 0, c.outW);
                }
            }
        }
    }

    /** Recomputes the listed outputs; returns how many outputs were computed (a depthwise conv also fills gaps). */
    private int computeRows(Conv c, float[] ref, float[] out, int[] list, int n) {
        switch (c.kind) {
            case POINTWISE -> {
                int inC = c.inC;
                float[] rows = gatherBuffer(n * inC);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(ref, list[i] * inC, rows, i * inC, inC);
                }
                multiplyAndScatter(c, rows, out, list, n);
            }
            case FULL -> {
                float[] rows = gatherBuffer(n * c.rowLength);
                for (int i = 0; i < n; i++) {
                    im2col(c, ref, list[i], rows, i * c.rowLength);
                }
                multiplyAndScatter(c, rows, out, list, n);
            }
            case DEPTHWISE -> {
                return depthwiseStamped(c, ref, out, list);
            }
        }
        return n;
    }

    private void multiplyAndScatter(Conv c, float[] rows, float[] out, int[] list, int n) {
        int m = c.outC;
        if (product.length < n * m) {
            product = new float[Math.max(n * m, product.length * 2)];
        }
        gemm.multiply(rows, n, c.rowLength, c.prepared, m, product);
        activate(product, 0, n * m, c.act);
        for (int i = 0; i < n; i++) {
            System.arraycopy(product, i * m, out, list[i] * m, m);
        }
    }

    /** The activation over a run of values; one loop per kind so the JIT vectorises each. */
    private static void activate(float[] v, int from, int length, Act act) {
        int end = from + length;
        switch (act) {
            case NONE -> {}
            case RELU -> {
                for (int i = from; i < end; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
            }
            case RELU6 -> {
                for (int i = from; i < end; i++) {
                    v[i] = Math.min(Math.max(v[i], 0f), 6f);
                }
            }
        }
    }

    private float[] gatherBuffer(int size) {
        if (gathered.length < size) {
            gathered = new float[Math.max(size, gathered.length * 2)];
        }
        return gathered;
    }

    /** The KxK window of output o as one row (tap-major, channels contiguous), zeros outside the map. */
    private static void im2col(Conv c, float[] ref, int o, float[] rows, int at) {
        int oy = o / c.outW;
        int ox = o - oy * c.outW;
        int inC = c.inC;
        int ix0 = ox * c.stride - c.pad;
        boolean columnsInside = ix0 >= 0 && ix0 + c.k <= c.inW;
        for (int ky = 0; ky < c.k; ky++) {
            int iy = oy * c.stride - c.pad + ky;
            int dst = at + ky * c.k * inC;
            if (iy < 0 || iy >= c.inH) {
                Arrays.fill(rows, dst, dst + c.k * inC, 0f);
            } else if (columnsInside) {
                // the window's row is one contiguous run of the HWC map
                System.arraycopy(ref, (iy * c.inW + ix0) * inC, rows, dst, c.k * inC);
            } else {
                for (int kx = 0; kx < c.k; kx++) {
                    int ix = ix0 + kx;
                    if (ix < 0 || ix >= c.inW) {
                        Arrays.fill(rows, dst + kx * inC, dst + (kx + 1) * inC, 0f);
                    } else {
                        System.arraycopy(ref, (iy * c.inW + ix) * inC, rows, dst + kx * inC, inC);
                    }
                }
            }
        }
    }

    /**
     * Sum of {@code channels} values from {@code o}: four running sums, because one float sum is a chain of dependent
     * adds the JIT cannot reorder.
     */
    private static float channelSum(float[] v, int o, int channels) {
        float d0 = 0f;
        float d1 = 0f;
        float d2 = 0f;
        float d3 = 0f;
        int ch = 0;
        for (; ch + 3 < channels; ch += 4) {
            d0 += v[o + ch];
            d1 += v[o + ch + 1];
            d2 += v[o + ch + 2];
            d3 += v[o + ch + 3];
        }
        for (; ch < channels; ch++) {
            d0 += v[o + ch];
        }
        return (d0 + d1) + (d2 + d3);
    }

    /**
     * Depthwise outputs ox0..ox1-1 of row oy, tap by tap over the whole run in row buffers indexed alike: C2 (JDK 17)
     * vectorises a loop only when every array in it is read at the same index, and a loop over one output's few dozen
     * channels would be mostly loop overhead. The tap's inputs are first copied to line up with the outputs.
     */
    private void depthwiseRow(Conv c, float[] ref, float[] out, int oy, int ox0, int ox1) {
        int ch = c.inC;
        int rowLength = c.outW * ch;
        if (rowAcc.length < rowLength) {
            rowAcc = new float[rowLength];
            rowTap = new float[rowLength];
        }
        float[] acc = rowAcc;
        float[] tap = rowTap;
        int first = ox0 * ch;
        int end = ox1 * ch;
        System.arraycopy(c.biasRow, first, acc, first, end - first);
        for (int ky = 0; ky < c.k; ky++) {
            int iy = oy * c.stride - c.pad + ky;
            if (iy < 0 || iy >= c.inH) {
                continue;
            }
            for (int kx = 0; kx < c.k; kx++) {
                // outputs whose input column ox * stride - pad + kx lies inside the map
                int lo = Math.max(ox0, ceilDiv(c.pad - kx, c.stride));
                int hi = Math.min(ox1, Math.floorDiv(c.inW - 1 + c.pad - kx, c.stride) + 1);
                if (lo >= hi) {
                    continue;
                }
                int src = (iy * c.inW + lo * c.stride - c.pad + kx) * ch;
                if (c.stride == 1) {
                    System.arraycopy(ref, src, tap, lo * ch, (hi - lo) * ch);
                } else {
                    for (int x = lo; x < hi; x++, src += c.stride * ch) {
                        System.arraycopy(ref, src, tap, x * ch, ch);
                    }
                }
                float[] w = c.tapRows[ky * c.k + kx];
                for (int i = lo * ch, to = hi * ch; i < to; i++) {
                    acc[i] += tap[i] * w[i];
                }
            }
        }
        activate(acc, first, end - first, c.act);
        System.arraycopy(acc, first, out, oy * rowLength + first, end - first);
    }

    /**
     * The outputs of a depthwise layer stamped this frame, row by row: runs of neighbours share one row call, and runs
     * a few outputs apart are joined (recomputing an unstamped output gives the value it has, and costs less than the
     * per-run setup). The list is rebuilt in order, stamped outputs only; returns the outputs computed.
     */
    private int depthwiseStamped(Conv c, float[] ref, float[] out, int[] list) {
        int[] stamp = stamps[c.outBuf];
        int n = 0;
        int computed = 0;
        for (int oy = 0; oy < c.outH; oy++) {
            int rowStart = oy * c.outW;
            int ox = 0;
            while (ox < c.outW) {
                if (stamp[rowStart + ox] != run) {
                    ox++;
                    continue;
                }
                int from = ox;
                int end = ox;
                while (ox < c.outW && ox - end <= DEPTHWISE_JOIN_GAP) {
                    if (stamp[rowStart + ox] == run) {
                        list[n++] = rowStart + ox;
                        end = ox + 1;
                    }
                    ox++;
                }
                depthwiseRow(c, ref, out, oy, from, end);
                computed += end - from;
                ox = end;
            }
        }
        return computed;
    }

    private void runAdd(Add a, SkipConvState state, float[] input) {
        float[] x = buffer(state, input, a.aBuf);
        float[] body = buffer(state, input, a.bBuf);
        float[] out = state.outputs[a.outBuf - 1];
        int positions = positions(a.outBuf);
        int ch = a.channels;
        if (changedAll[a.aBuf] || changedAll[a.bBuf]) {
            for (int i = 0; i < positions * ch; i++) {
                out[i] = x[i] + body[i];
            }
            activate(out, 0, positions * ch, a.act);
            changedAll[a.outBuf] = true;
            changedCount[a.outBuf] = positions;
            return;
        }
        int[] list = changed[a.outBuf];
        int[] stamp = stamps[a.outBuf];
        for (int src = 0; src < 2; src++) {
            int b = src == 0 ? a.aBuf : a.bBuf;
            int[] from = changed[b];
            for (int i = 0, n = changedCount[b]; i < n; i++) {
                stamp[from[i]] = run;
            }
        }
        // a run of neighbouring positions is one contiguous stretch of the HWC maps: one vectorised loop each
        int count = 0;
        int p = 0;
        while (p < positions) {
            if (stamp[p] != run) {
                p++;
                continue;
            }
            int from = p;
            while (p < positions && stamp[p] == run) {
                list[count++] = p++;
            }
            for (int i = from * ch, end = p * ch; i < end; i++) {
                out[i] = x[i] + body[i];
            }
            activate(out, from * ch, (p - from) * ch, a.act);
        }
        changedAll[a.outBuf] = false;
        changedCount[a.outBuf] = count;
    }

    @Override
    public void close() {
        gemm.close();
    }
}
