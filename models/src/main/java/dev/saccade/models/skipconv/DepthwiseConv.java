package dev.saccade.models.skipconv;

/**
 * A depthwise conv computed tap by tap over runs of an output row, in row buffers indexed alike: C2 (JDK 17) vectorises
 * a loop only when every array in it is read at the same index, and a loop over one output's few dozen channels would
 * be mostly loop overhead.
 */
final class DepthwiseConv implements ConvKernel {
    /**
     * Unstamped outputs between two runs of a row that are recomputed to join the runs: recomputing an unstamped output
     * gives the value it has, and costs less than the per-run setup.
     */
    static final int JOIN_GAP = 4;

    private final LayerPlan.Conv conv;
    private final KernelScratch scratch;
    /** Each tap's weights repeated across an output row, so the tap loop reads them at the outputs' index. */
    private final float[][] tapRows;
    /** The bias likewise. */
    private final float[] biasRow;

    DepthwiseConv(LayerPlan.Conv conv, KernelScratch scratch) {
        this.conv = conv;
        this.scratch = scratch;
        int taps = conv.kernel() * conv.kernel();
        int ch = conv.inC();
        int outW = conv.outW();
        float[] w = conv.layer().weight();
        float[] bias = conv.layer().bias();
        tapRows = new float[taps][outW * ch];
        biasRow = new float[outW * ch];
        for (int x = 0; x < outW; x++) {
            for (int c = 0; c < ch; c++) {
                for (int t = 0; t < taps; t++) {
                    tapRows[t][x * ch + c] = w[c * taps + t];
                }
                biasRow[x * ch + c] = bias[c];
            }
        }
    }

    @Override
    public void computeAll(float[] ref, float[] out) {
        for (int oy = 0; oy < conv.outH(); oy++) {
            row(ref, out, oy, 0, conv.outW());
        }
    }

    /**
     * The stamped outputs, row by row: runs of neighbours share one row call, and runs a few outputs apart are joined.
     * The list is rebuilt in order, stamped outputs only.
     */
    @Override
    public int computeListed(float[] ref, float[] out, int[] list, int n, int[] stamp, int stampValue) {
        int outW = conv.outW();
        int listed = 0;
        int computed = 0;
        for (int oy = 0; oy < conv.outH(); oy++) {
            int rowStart = oy * outW;
            int ox = 0;
            while (ox < outW) {
                if (stamp[rowStart + ox] != stampValue) {
                    ox++;
                    continue;
                }
                int from = ox;
                int end = ox;
                while (ox < outW && ox - end <= JOIN_GAP) {
                    if (stamp[rowStart + ox] == stampValue) {
                        list[listed++] = rowStart + ox;
                        end = ox + 1;
                    }
                    ox++;
                }
                row(ref, out, oy, from, end);
                computed += end - from;
                ox = end;
            }
        }
        return computed;
    }

    /** Outputs ox0..ox1-1 of row oy; each tap's inputs are first copied to line up with the outputs. */
    private void row(float[] ref, float[] out, int oy, int ox0, int ox1) {
        LayerPlan.Conv c = conv;
        int k = c.kernel();
        int stride = c.stride();
        int pad = c.padding();
        int inW = c.inW();
        int ch = c.inC();
        int rowLength = c.outW() * ch;
        float[] acc = scratch.rowAcc(rowLength);
        float[] tap = scratch.rowTap(rowLength);
        int first = ox0 * ch;
        int end = ox1 * ch;
        System.arraycopy(biasRow, first, acc, first, end - first);
        for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= c.inH()) {
                continue;
            }
            for (int kx = 0; kx < k; kx++) {
                // outputs whose input column ox * stride - pad + kx lies inside the map
                int lo = Math.max(ox0, ceilDiv(pad - kx, stride));
                int hi = Math.min(ox1, Math.floorDiv(inW - 1 + pad - kx, stride) + 1);
                if (lo >= hi) {
                    continue;
                }
                int src = (iy * inW + lo * stride - pad + kx) * ch;
                if (stride == 1) {
                    System.arraycopy(ref, src, tap, lo * ch, (hi - lo) * ch);
                } else {
                    for (int x = lo; x < hi; x++, src += stride * ch) {
                        System.arraycopy(ref, src, tap, x * ch, ch);
                    }
                }
                float[] w = tapRows[ky * k + kx];
                for (int i = lo * ch, to = hi * ch; i < to; i++) {
                    acc[i] += tap[i] * w[i];
                }
            }
        }
        Activations.apply(acc, first, end - first, c.act());
        System.arraycopy(acc, first, out, oy * rowLength + first, end - first);
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
