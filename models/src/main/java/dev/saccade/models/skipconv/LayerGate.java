package dev.saccade.models.skipconv;

/**
 * One conv layer's gate: opens an input position when its channels' |x - x_ref|, each weighted by how strongly the
 * channel drives the outputs, sum past the threshold; copies opened positions into x_ref; and lists every output whose
 * window covers an opened position. {@link #opened} and {@link #marked} accumulate over the calls of one layer run.
 */
final class LayerGate {
    private final LayerPlan.Conv conv;
    private final boolean pointwise;
    private final int inC;
    private final int inW;
    private final int outW;
    private final float[] gain;
    /** {@link #gain} repeated at every input position, so the weighting loop indexes every array alike. */
    private final float[] gainMap;
    /** Per input row and column: the first and last output coordinate whose window covers it. */
    private final int[] windowRows;

    private final int[] windowColumns;
    private int opened;
    private int marked;

    LayerGate(LayerPlan.Conv conv) {
        this.conv = conv;
        this.pointwise = conv.kind() == LayerKind.POINTWISE;
        this.inC = conv.inC();
        this.inW = conv.inW();
        this.outW = conv.outW();
        this.gain = conv.channelGain();
        if (conv.gated()) {
            gainMap = new float[conv.inPositions() * inC];
            for (int i = 0; i < gainMap.length; i++) {
                gainMap[i] = gain[i % inC];
            }
        } else {
            gainMap = null;
        }
        windowRows = windowTable(conv.inH(), conv.outH(), conv.kernel(), conv.stride(), conv.padding());
        windowColumns = windowTable(inW, outW, conv.kernel(), conv.stride(), conv.padding());
    }

    /** Floats of scratch {@link #gate} needs. */
    int scratchSize() {
        return gainMap == null ? 0 : gainMap.length;
    }

    /** Starts a layer run: nothing opened or marked. */
    void clear() {
        opened = 0;
        marked = 0;
    }

    /** Input positions opened since {@link #clear}. */
    int opened() {
        return opened;
    }

    /** Outputs listed since {@link #clear}. */
    int marked() {
        return marked;
    }

    /**
     * Gates every position of a 4-channel map (the network's input: colour and difference) in one loop, with no call per
     * position; writes the opened positions to {@code openedInputs} and marks nothing yet (see {@link #mark}).
     */
    void gateFourChannels(float[] in, float[] ref, float threshold, int[] openedInputs) {
        float g0 = gain[0];
        float g1 = gain[1];
        float g2 = gain[2];
        float g3 = gain[3];
        for (int p = 0, positions = conv.inPositions(); p < positions; p++) {
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
    }

    /** Marks the outputs whose windows cover the first {@code n} of {@code positions}. */
    void mark(int[] positions, int n, int[] stamp, int stampValue, int[] outList) {
        for (int i = 0; i < n; i++) {
            markWindow(positions[i], stamp, stampValue, outList);
        }
    }

    /**
     * Gates the changed input positions (every one if {@code inAll}, else the first {@code inCount} of {@code inList})
     * and marks the outputs of those that open. Runs of neighbouring positions get the weighted residual in one
     * vectorised loop per run, then a sum per position.
     */
    void gate(
            float[] in,
            float[] ref,
            float threshold,
            boolean inAll,
            int inCount,
            int[] inList,
            float[] weighted,
            int[] stamp,
            int stampValue,
            int[] outList) {
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
                    markOutputs(p, stamp, stampValue, outList);
                }
            }
            i = j;
        }
    }

    /** An ungated layer opens every changed position as it is. */
    void openAll(boolean inAll, int inCount, int[] inList, int[] stamp, int stampValue, int[] outList) {
        for (int i = 0; i < inCount; i++) {
            opened++;
            markOutputs(inAll ? i : inList[i], stamp, stampValue, outList);
        }
    }

    private void markOutputs(int p, int[] stamp, int stampValue, int[] outList) {
        if (pointwise) {
            outList[marked++] = p;
        } else {
            markWindow(p, stamp, stampValue, outList);
        }
    }

    /** Adds every output whose KxK window covers input position p (once per frame, by stamp). */
    private void markWindow(int p, int[] stamp, int stampValue, int[] outList) {
        int py = p / inW;
        int px = p - py * inW;
        int ox0 = windowColumns[2 * px];
        int ox1 = windowColumns[2 * px + 1];
        int count = marked;
        for (int oy = windowRows[2 * py], oy1 = windowRows[2 * py + 1]; oy <= oy1; oy++) {
            int row = oy * outW;
            for (int ox = ox0; ox <= ox1; ox++) {
                int o = row + ox;
                if (stamp[o] != stampValue) {
                    stamp[o] = stampValue;
                    outList[count++] = o;
                }
            }
        }
        marked = count;
    }

    /** For each input coordinate along an axis, the first and last output coordinate whose window covers it. */
    static int[] windowTable(int in, int out, int k, int stride, int pad) {
        int[] t = new int[2 * in];
        for (int i = 0; i < in; i++) {
            t[2 * i] = Math.max(0, DepthwiseConv.ceilDiv(i + pad - k + 1, stride));
            t[2 * i + 1] = Math.min(out - 1, Math.floorDiv(i + pad, stride));
        }
        return t;
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
}
