package dev.saccade.models.skipconv;

/**
 * How eagerly skip-convolutions recompute: the norm gate's threshold, how it grows with depth, and the open fraction
 * above which a layer runs densely. The gate weighs each input channel's |x - x_ref| by how strongly that channel
 * drives the layer's outputs (mean summed |w|), so the statistic estimates the output change; it is compared with
 * epsilon times the layer's mean |output| on the stream's first frame.
 *
 * @param epsilon gate threshold at the first layer; 0 opens every position whose input changed at all
 * @param deepFactor the last layer's threshold is {@code epsilon * deepFactor}, geometric in between (1: one epsilon)
 * @param denseFallback fraction of a layer's changed inputs, or of its outputs to recompute, above which the whole
 *     layer is recomputed with the dense kernel
 * @param kernel the pointwise/full conv GEMM implementation
 * @param onnxRuntimeDense whole frames that run densely (a scene moving everywhere) run on ONNX Runtime instead of this
 *     package's kernels, which are slower at dense work
 * @param denseFromNode the encoder's top-level nodes from this one on run densely on ONNX Runtime every frame (where
 *     sparsity does not pay); {@link #NO_DENSE_TAIL}: none
 */
public record SkipConvSettings(
        float epsilon,
        float deepFactor,
        float denseFallback,
        GemmKernel kernel,
        boolean onnxRuntimeDense,
        int denseFromNode) {
    /** {@link #denseFromNode} when every layer runs with skip-convolutions. */
    public static final int NO_DENSE_TAIL = Integer.MAX_VALUE;

    /**
     * Chosen on opencv_vtest.avi at 320x240 (README, skip-convolutions) as the largest threshold whose feature maps
     * keep a cosine of at least 0.99 with the dense ones.
     */
    public static final float DEFAULT_EPSILON = 0.4f;
    /**
     * Above this share of changed inputs or of outputs to recompute, a layer runs densely: past it, gating and
     * gathering cost more than the arithmetic they save (README).
     */
    public static final float DEFAULT_DENSE_FALLBACK = 0.7f;

    public SkipConvSettings {
        if (epsilon < 0 || deepFactor <= 0 || denseFallback <= 0 || denseFallback > 1) {
            throw new IllegalArgumentException("need epsilon >= 0, deepFactor > 0, 0 < denseFallback <= 1");
        }
        if (denseFromNode < 1 || (denseFromNode != NO_DENSE_TAIL && !onnxRuntimeDense)) {
            throw new IllegalArgumentException("a dense tail starts after the first node and runs on ONNX Runtime");
        }
    }

    /** Every layer with skip-convolutions on this package's kernels. */
    public SkipConvSettings(float epsilon, float deepFactor, float denseFallback, GemmKernel kernel) {
        this(epsilon, deepFactor, denseFallback, kernel, false, NO_DENSE_TAIL);
    }

    public static SkipConvSettings defaults() {
        return new SkipConvSettings(DEFAULT_EPSILON, 1f, DEFAULT_DENSE_FALLBACK, GemmKernel.OPENBLAS);
    }

    public SkipConvSettings withEpsilon(float e) {
        return new SkipConvSettings(e, deepFactor, denseFallback, kernel, onnxRuntimeDense, denseFromNode);
    }

    public SkipConvSettings withDeepFactor(float f) {
        return new SkipConvSettings(epsilon, f, denseFallback, kernel, onnxRuntimeDense, denseFromNode);
    }

    public SkipConvSettings withKernel(GemmKernel k) {
        return new SkipConvSettings(epsilon, deepFactor, denseFallback, k, onnxRuntimeDense, denseFromNode);
    }

    /** Dense whole frames on ONNX Runtime, and the top-level nodes from {@code fromNode} on densely there too. */
    public SkipConvSettings withOnnxRuntimeDense(int fromNode) {
        return new SkipConvSettings(epsilon, deepFactor, denseFallback, kernel, true, fromNode);
    }

    /** Everything on this package's kernels. */
    public SkipConvSettings withoutOnnxRuntime() {
        return new SkipConvSettings(epsilon, deepFactor, denseFallback, kernel, false, NO_DENSE_TAIL);
    }

    /** Threshold of layer {@code depth} of {@code layers}. */
    float epsilonAt(int depth, int layers) {
        if (layers <= 1 || deepFactor == 1f) {
            return epsilon;
        }
        return (float) (epsilon * Math.pow(deepFactor, depth / (double) (layers - 1)));
    }
}
