package dev.saccade.models.skipconv;

/** The arithmetic of one conv layer of a plan: every output, or only listed ones, always from the reference input. */
interface ConvKernel {
    /** Computes every output of the layer from {@code ref} into {@code out}. */
    void computeAll(float[] ref, float[] out);

    /**
     * Recomputes the first {@code n} outputs of {@code list} ({@code n > 0}); returns how many outputs were computed,
     * which a kernel that computes neighbours alongside may make more than {@code n}. {@code stamp} marks, with {@code
     * stampValue}, the listed outputs.
     */
    int computeListed(float[] ref, float[] out, int[] list, int n, int[] stamp, int stampValue);

    /** The kernel for {@code conv}, sharing {@code gemm} and {@code scratch} with the other layers of one network. */
    static ConvKernel of(LayerPlan.Conv conv, RowGemm gemm, KernelScratch scratch) {
        return switch (conv.kind()) {
            case POINTWISE -> new PointwiseConv(conv, gemm, scratch);
            case FULL -> new FullConv(conv, gemm, scratch);
            case DEPTHWISE -> new DepthwiseConv(conv, scratch);
        };
    }
}
