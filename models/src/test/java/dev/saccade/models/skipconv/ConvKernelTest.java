package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer kind's kernel against a direct convolution, every output and listed outputs only, with either GEMM. */
class ConvKernelTest {
    private static final int H = 7;
    private static final int W = 9;

    static Stream<Arguments> layers() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (GemmKernel gemm : GemmKernel.values()) {
            b.add(Arguments.of("pointwise", TinyLayers.conv(6, 5, 1, 1, 0, 1, Act.RELU6, 1), 6, gemm));
            b.add(Arguments.of("full 3x3 stride 2", TinyLayers.conv(4, 8, 3, 2, 1, 1, Act.RELU, 2), 4, gemm));
            b.add(Arguments.of("depthwise 3x3", TinyLayers.conv(6, 6, 3, 1, 1, 6, Act.NONE, 3), 6, gemm));
            b.add(Arguments.of("depthwise 3x3 stride 2", TinyLayers.conv(6, 6, 3, 2, 1, 6, Act.RELU6, 4), 6, gemm));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, {3}")
    @MethodSource("layers")
    void computeAllMatchesADirectConvolution(String name, ConvLayer layer, int inC, GemmKernel gemmKind) {
        LayerPlan.Conv conv = new LayerPlan(List.of(layer), H, W, inC).convs().get(0);
        float[] in = TinyLayers.random(H * W * inC, 10);
        float[] out = new float[conv.outPositions() * conv.outC()];
        try (RowGemm gemm = gemmKind.create()) {
            ConvKernel.of(conv, gemm, new KernelScratch()).computeAll(in, out);
        }

        float[] expected = TinyLayers.reference(layer, in, H, W, inC);
        for (int i = 0; i < expected.length; i++) {
            assertThat(out[i]).as("%s at %d", name, i).isCloseTo(expected[i], Offset.offset(1e-5f));
        }
    }

    @ParameterizedTest(name = "{0}, {3}")
    @MethodSource("layers")
    void computeListedWritesTheListedOutputsAndLeavesTheRest(
            String name, ConvLayer layer, int inC, GemmKernel gemmKind) {
        LayerPlan.Conv conv = new LayerPlan(List.of(layer), H, W, inC).convs().get(0);
        float[] in = TinyLayers.random(H * W * inC, 11);
        int outC = conv.outC();
        float[] out = new float[conv.outPositions() * outC];
        java.util.Arrays.fill(out, -99f);
        int[] listed = {1, 2, conv.outPositions() - 1};
        int[] stamp = new int[conv.outPositions()];
        for (int o : listed) {
            stamp[o] = 7;
        }
        int computed;
        try (RowGemm gemm = gemmKind.create()) {
            computed = ConvKernel.of(conv, gemm, new KernelScratch())
                    .computeListed(in, out, listed.clone(), listed.length, stamp, 7);
        }

        float[] expected = TinyLayers.reference(layer, in, H, W, inC);
        for (int o = 0; o < conv.outPositions(); o++) {
            boolean isListed = o == listed[0] || o == listed[1] || o == listed[2];
            for (int c = 0; c < outC; c++) {
                int i = o * outC + c;
                if (isListed) {
                    assertThat(out[i]).as("%s output %d", name, o).isCloseTo(expected[i], Offset.offset(1e-5f));
                } else if (out[i] != -99f) {
                    // a depthwise row may recompute unlisted neighbours; they get their true value
                    assertThat(out[i]).as("%s output %d", name, o).isCloseTo(expected[i], Offset.offset(1e-5f));
                }
            }
        }
        assertThat(computed).isGreaterThanOrEqualTo(listed.length);
        if (conv.kind() != LayerKind.DEPTHWISE) {
            assertThat(computed).isEqualTo(listed.length);
            int untouched = 0;
            for (float v : out) {
                untouched += v == -99f ? 1 : 0;
            }
            assertThat(untouched).isEqualTo((conv.outPositions() - listed.length) * outC);
        }
    }
}
