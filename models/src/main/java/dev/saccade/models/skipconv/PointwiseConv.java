package dev.saccade.models.skipconv;

/** A 1x1 conv: an output position's row is its input position's channels, so no im2col. */
final class PointwiseConv extends GemmConv {
    PointwiseConv(LayerPlan.Conv conv, RowGemm gemm, KernelScratch scratch) {
        super(conv, conv.inC(), transpose(conv), gemm, scratch);
    }

    private static float[] transpose(LayerPlan.Conv c) {
        float[] w = c.layer().weight(); // (out, in, 1, 1)
        int inC = c.inC();
        int outC = c.outC();
        float[] wt = new float[inC * outC];
        for (int o = 0; o < outC; o++) {
            for (int i = 0; i < inC; i++) {
                wt[i * outC + o] = w[o * inC + i];
            }
        }
        return wt;
    }

    @Override
    public void computeAll(float[] ref, float[] out) {
        multiply(ref, conv.outPositions(), out);
    }

    @Override
    public int computeListed(float[] ref, float[] out, int[] list, int n, int[] stamp, int stampValue) {
        int inC = conv.inC();
        float[] rows = scratch.gathered(n * inC);
        for (int i = 0; i < n; i++) {
            System.arraycopy(ref, list[i] * inC, rows, i * inC, inC);
        }
        multiplyAndScatter(rows, out, list, n);
        return n;
    }
}
