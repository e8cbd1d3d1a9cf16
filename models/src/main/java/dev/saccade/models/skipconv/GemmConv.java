package dev.saccade.models.skipconv;

/** A conv computed as gathered rows times its transposed weights: the shared half of pointwise and full convs. */
abstract class GemmConv implements ConvKernel {
    final LayerPlan.Conv conv;
    final int rowLength;
    final int outC;
    private final RowGemm gemm;
    private final Object prepared;
    final KernelScratch scratch;

    /** {@code wt} is (rowLength x outC), row-major. */
    GemmConv(LayerPlan.Conv conv, int rowLength, float[] wt, RowGemm gemm, KernelScratch scratch) {
        this.conv = conv;
        this.rowLength = rowLength;
        this.outC = conv.outC();
        this.gemm = gemm;
        this.scratch = scratch;
        this.prepared = gemm.prepare(wt, conv.layer().bias(), rowLength, outC);
    }

    /** {@code rows} of {@code n} outputs into {@code out}, all outputs in order. */
    final void multiply(float[] rows, int n, float[] out) {
        gemm.multiply(rows, n, rowLength, prepared, outC, out);
        Activations.apply(out, 0, n * outC, conv.act());
    }

    /** {@code rows} of the {@code n} listed outputs, written to their places in {@code out}. */
    final void multiplyAndScatter(float[] rows, float[] out, int[] list, int n) {
        int m = outC;
        float[] product = scratch.product(n * m);
        multiply(rows, n, product);
        for (int i = 0; i < n; i++) {
            System.arraycopy(product, i * m, out, list[i] * m, m);
        }
    }
}
