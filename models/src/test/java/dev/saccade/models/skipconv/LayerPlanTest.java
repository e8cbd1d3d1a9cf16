package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan of a tiny encoder: a strided full conv, then a residual around a depthwise and a pointwise conv. */
class LayerPlanTest {
    private static final ConvLayer STEM = TinyLayers.conv(4, 8, 3, 2, 1, 1, Act.RELU6, 1);
    private static final ConvLayer DEPTHWISE = TinyLayers.conv(8, 8, 3, 1, 1, 8, Act.RELU6, 2);
    private static final ConvLayer POINTWISE = TinyLayers.conv(8, 8, 1, 1, 0, 1, Act.NONE, 3);
    private static final List<Node> NODES = List.of(STEM, new Residual(List.of(DEPTHWISE, POINTWISE), Act.RELU));

    @Test
    void listsTheStepsWithTheirKindsBuffersAndShapes() {
        LayerPlan plan = new LayerPlan(NODES, 10, 12, 4);

        assertThat(plan.convs())
                .extracting(LayerPlan.Conv::kind)
                .containsExactly(LayerKind.FULL, LayerKind.DEPTHWISE, LayerKind.POINTWISE);
        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.steps().get(3)).isEqualTo(new LayerPlan.Add(1, 3, 4, 8, Act.RELU));
        assertThat(plan.buffers()).isEqualTo(5);
        assertThat(plan.outputBuffer()).isEqualTo(4);
        assertThat(plan.shape(0)).containsExactly(10, 12, 4);
        assertThat(plan.shape(1)).containsExactly(5, 6, 8); // stride 2, padding 1
        assertThat(plan.shape(4)).containsExactly(5, 6, 8);

        LayerPlan.Conv stem = plan.convs().get(0);
        assertThat(stem.inBuffer()).isZero();
        assertThat(stem.outBuffer()).isEqualTo(1);
        assertThat(stem.inPositions()).isEqualTo(120);
        assertThat(stem.outPositions()).isEqualTo(30);
        assertThat(plan.convs()).extracting(LayerPlan.Conv::index).containsExactly(0, 1, 2);
    }

    @Test
    void onlyLayersRightAfterAPointwiseOrFullConvSkipTheirGate() {
        LayerPlan plan = new LayerPlan(NODES, 10, 12, 4);

        // the depthwise conv reads the full conv's output; the pointwise conv reads the depthwise conv's
        assertThat(plan.convs()).extracting(LayerPlan.Conv::gated).containsExactly(true, false, true);
    }

    @Test
    void countsDenseMacsPerLayer() {
        LayerPlan plan = new LayerPlan(NODES, 10, 12, 4);

        long stem = 4L * 3 * 3 * 8 * 30;
        long depthwise = 1L * 3 * 3 * 8 * 30;
        long pointwise = 8L * 8 * 30;
        assertThat(plan.denseMacs()).isEqualTo(stem + depthwise + pointwise);
        assertThat(plan.size(1)).isEqualTo(240);
    }

    @Test
    void channelGainIsTheMeanSummedAbsoluteWeightPerInputChannel() {
        LayerPlan.Conv pointwise = new LayerPlan(NODES, 10, 12, 4).convs().get(2);

        float[] w = POINTWISE.weight(); // (out 8, in 8)
        float expected = 0;
        for (int o = 0; o < 8; o++) {
            expected += Math.abs(w[o * 8 + 5]);
        }
        assertThat(pointwise.channelGain()[5]).isCloseTo(expected / 8, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void refusesGroupedConvsThatAreNotDepthwise() {
        ConvLayer grouped = TinyLayers.conv(8, 8, 3, 1, 1, 2, Act.NONE, 4);

        assertThatThrownBy(() -> new LayerPlan(List.of(grouped), 6, 6, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups 2");
    }

    @Test
    void refusesAResidualBodyThatChangesTheShape() {
        List<Node> nodes = List.of(new Residual(List.of(STEM), Act.NONE));

        assertThatThrownBy(() -> new LayerPlan(nodes, 10, 12, 4)).hasMessageContaining("residual body");
    }
}
