package dev.saccade.models.skipconv;

import java.util.Arrays;

/** An ungrouped KxK conv: each output's window unrolled into one row (im2col), then one GEMM. */
final class FullConv extends GemmConv {
    FullConv(LayerPlan.Conv conv, RowGemm gemm, KernelScratch scratch) {
        super(conv, conv.kernel() * conv.kernel() * conv.inC(), transpose(conv), gemm, scratch);
    }

    /** (out, in, k, k) to rows ordered like {@link #im2col}'s: tap-major, channels contiguous. */
    private static float[] transpose(LayerPlan.Conv c) {
        float[] w = c.layer().weight();
        int k = c.kernel();
        int inC = c.inC();
        int outC = c.outC();
        float[] wt = new float[k * k * inC * outC];
        for (int o = 0; o < outC; o++) {
            for (int i = 0; i < inC; i++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int row = (ky * k + kx) * inC + i;
                        wt[row * outC + o] = w[((o * inC + i) * k + ky) * k + kx];
                    }
                }
            }
        }
        return wt;
    }

    @Override
    public void computeAll(float[] ref, float[] out) {
        int outPositions = conv.outPositions();
        float[] rows = scratch.gathered(outPositions * rowLength);
        for (int o = 0; o < outPositions; o++) {
            im2col(ref, o, rows, o * rowLength);
        }
        multiply(rows, outPositions, out);
    }

    @Override
    public int computeListed(float[] ref, float[] out, int[] list, int n, int[] stamp, int stampValue) {
        float[] rows = scratch.gathered(n * rowLength);
        for (int i = 0; i < n; i++) {
            im2col(ref, list[i], rows, i * rowLength);
        }
        multiplyAndScatter(rows, out, list, n);
        return n;
    }

    /** The KxK window of output o as one row (tap-major, channels contiguous), zeros outside the map. */
    void im2col(float[] ref, int o, float[] rows, int at) {
        LayerPlan.Conv c = conv;
        int k = c.kernel();
        int stride = c.stride();
        int pad = c.padding();
        int inW = c.inW();
        int oy = o / c.outW();
        int ox = o - oy * c.outW();
        int inC = c.inC();
        int ix0 = ox * stride - pad;
        boolean columnsInside = ix0 >= 0 && ix0 + k <= inW;
        for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride - pad + ky;
            int dst = at + ky * k * inC;
            if (iy < 0 || iy >= c.inH()) {
                Arrays.fill(rows, dst, dst + k * inC, 0f);
            } else if (columnsInside) {
                // the window's row is one contiguous run of the HWC map
                System.arraycopy(ref, (iy * inW + ix0) * inC, rows, dst, k * inC);
            } else {
                for (int kx = 0; kx < k; kx++) {
                    int ix = ix0 + kx;
                    if (ix < 0 || ix >= inW) {
                        Arrays.fill(rows, dst + kx * inC, dst + (kx + 1) * inC, 0f);
                    } else {
                        System.arraycopy(ref, (iy * inW + ix) * inC, rows, dst + kx * inC, inC);
                    }
                }
            }
        }
    }
}
