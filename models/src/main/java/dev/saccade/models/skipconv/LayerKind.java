package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder.ConvLayer;

/** The conv shapes skip-convolutions have kernels for; each is computed its own way. */
public enum LayerKind {
    /** 1x1, stride 1, no padding, no groups: one GEMM on the changed positions as they are. */
    POINTWISE,
    /** One group per channel: tap by tap along output rows, no GEMM. */
    DEPTHWISE,
    /** Any other ungrouped conv: one GEMM on the im2col rows of the outputs to recompute. */
    FULL;

    /** The kind of {@code layer} on {@code inChannels} inputs; refuses grouped convs that are not depthwise. */
    public static LayerKind of(ConvLayer layer, int inChannels) {
        if (layer.groups() == 1) {
            boolean pointwise = layer.kernel() == 1 && layer.stride() == 1 && layer.padding() == 0;
            return pointwise ? POINTWISE : FULL;
        }
        if (layer.groups() == inChannels && layer.outChannels() == inChannels) {
            return DEPTHWISE;
        }
        throw new IllegalArgumentException(
                "unsupported conv: groups " + layer.groups() + ", " + inChannels + "->" + layer.outChannels());
    }
}
