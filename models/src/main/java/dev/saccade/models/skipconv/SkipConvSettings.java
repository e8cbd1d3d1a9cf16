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
 */
public record SkipConvSettings(float epsilon, float deepFactor, float denseFallback, GemmKernel kernel) {
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
    }

    public static SkipConvSettings defaults() {
        return new SkipConvSettings(DEFAULT_EPSILON, 1f, DEFAULT_DENSE_FALLBACK, GemmKernel.OPENBLAS);
    }

    public SkipConvSettings withEpsilon(float e) {
        return new SkipConvSettings(e, deepFactor, denseFallback, kernel);
    }

    public SkipConvSettings withDeepFactor(float f) {
        return new SkipConvSettings(epsilon, f, denseFallback, kernel);
    }

    public SkipConvSettings withKernel(GemmKernel k) {
        return new SkipConvSettings(epsilon, deepFactor, denseFallback, k);
    }

    /** Threshold of layer {@code depth} of {@code layers}. */
    float epsilonAt(int depth, int layers) {
        if (layers <= 1 || deepFactor == 1f) {
            return epsilon;
        }
        return (float) (epsilon * Math.pow(deepFactor, depth / (double) (layers - 1)));
    }
}
