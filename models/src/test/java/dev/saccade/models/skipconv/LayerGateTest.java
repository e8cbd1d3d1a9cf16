package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate on hand-made 4x4 maps: which positions open, what x_ref keeps, which outputs get listed. */
class LayerGateTest {
    private static final int H = 4;
    private static final int W = 4;
    private static final int C = 4;

    private static LayerPlan.Conv plan(ConvLayer layer) {
        return new LayerPlan(List.of(layer), H, W, C).convs().get(0);
    }

    /** An input that differs from the reference by {@code delta} in every channel at the given positions. */
    private static float[] moved(float[] ref, float delta, int... positions) {
        float[] in = ref.clone();
        for (int p : positions) {
            for (int c = 0; c < C; c++) {
                in[p * C + c] += delta;
            }
        }
        return in;
    }

    @Test
    void opensExactlyThePositionsThatMovedPastTheThreshold() {
        LayerPlan.Conv conv = plan(TinyLayers.conv(C, 6, 1, 1, 0, 1, Act.NONE, 1));
        LayerGate gate = new LayerGate(conv);
        float[] ref = TinyLayers.random(H * W * C, 2);
        float[] in = moved(ref, 1f, 3, 9, 10);
        in[5 * C] += 1e-6f; // noise far below the threshold
        float[] before = ref.clone();
        int[] outList = new int[H * W];

        gate.clear();
        gate.gate(in, ref, 0.01f, true, H * W, null, new float[gate.scratchSize()], new int[H * W], 1, outList);

        assertThat(gate.opened()).isEqualTo(3);
        // a pointwise conv's outputs are its opened positions
        assertThat(Arrays.copyOf(outList, gate.marked())).containsExactly(3, 9, 10);
        for (int p = 0; p < H * W; p++) {
            float[] expected = p == 3 || p == 9 || p == 10 ? in : before;
            assertThat(Arrays.copyOfRange(ref, p * C, (p + 1) * C))
                    .as("x_ref at %d", p)
                    .containsExactly(Arrays.copyOfRange(expected, p * C, (p + 1) * C));
        }
    }

    @Test
    void gatesOnlyTheListedPositions() {
        LayerPlan.Conv conv = plan(TinyLayers.conv(C, 6, 1, 1, 0, 1, Act.NONE, 1));
        LayerGate gate = new LayerGate(conv);
        float[] ref = TinyLayers.random(H * W * C, 2);
        float[] in = moved(ref, 1f, 1, 2, 7, 12);
        int[] outList = new int[H * W];

        gate.clear();
        gate.gate(
                in, ref, 0.01f, false, 2, new int[] {2, 7}, new float[gate.scratchSize()], new int[H * W], 1, outList);

        assertThat(Arrays.copyOf(outList, gate.marked())).containsExactly(2, 7);
    }

    @Test
    void aKernelWindowListsEveryOutputItCoversOnce() {
        LayerPlan.Conv conv = plan(TinyLayers.conv(C, C, 3, 1, 1, C, Act.NONE, 3)); // depthwise 3x3, same size
        LayerGate gate = new LayerGate(conv);
        float[] ref = TinyLayers.random(H * W * C, 4);
        float[] in = moved(ref, 1f, 0, 1); // two neighbours in the top-left corner
        int[] outList = new int[H * W];

        gate.clear();
        gate.gate(in, ref, 0.01f, true, H * W, null, new float[gate.scratchSize()], new int[H * W], 1, outList);

        assertThat(gate.opened()).isEqualTo(2);
        // rows 0-1, columns 0-2: the union of both 3x3 neighbourhoods, each output once
        assertThat(Arrays.copyOf(outList, gate.marked())).containsExactlyInAnyOrder(0, 1, 4, 5, 2, 6);
    }

    @Test
    void theFourChannelPathOpensWhatTheGeneralOneOpens() {
        LayerPlan.Conv conv = plan(TinyLayers.conv(C, 8, 3, 2, 1, 1, Act.RELU6, 5));
        float[] ref = TinyLayers.random(H * W * C, 6);
        float[] in = moved(ref, 0.5f, 4, 15);
        in[8] += 0.001f;

        LayerGate general = new LayerGate(conv);
        float[] generalRef = ref.clone();
        general.clear();
        general.gate(
                in, generalRef, 0.05f, true, H * W, null, new float[general.scratchSize()], new int[4], 1, new int[4]);

        LayerGate fast = new LayerGate(conv);
        float[] fastRef = ref.clone();
        int[] opened = new int[H * W];
        fast.clear();
        fast.gateFourChannels(in, fastRef, 0.05f, opened);

        assertThat(Arrays.copyOf(opened, fast.opened())).containsExactly(4, 15);
        assertThat(fast.opened()).isEqualTo(general.opened());
        assertThat(fastRef).containsExactly(generalRef);
        assertThat(fast.marked()).as("marks nothing until asked").isZero();
    }

    @Test
    void anUngatedLayerOpensEveryChangedPosition() {
        LayerPlan.Conv conv = plan(TinyLayers.conv(C, 6, 1, 1, 0, 1, Act.NONE, 1));
        LayerGate gate = new LayerGate(conv);
        int[] outList = new int[H * W];

        gate.clear();
        gate.openAll(false, 3, new int[] {1, 4, 8}, new int[H * W], 1, outList);

        assertThat(gate.opened()).isEqualTo(3);
        assertThat(Arrays.copyOf(outList, gate.marked())).containsExactly(1, 4, 8);
    }

    @Test
    void windowTableSpansTheOutputsWhoseWindowCoversAnInput() {
        // 3x3, stride 2, padding 1 over 5 inputs gives 3 outputs
        int[] t = LayerGate.windowTable(5, 3, 3, 2, 1);

        assertThat(t).containsExactly(0, 0, 0, 1, 1, 1, 1, 2, 2, 2);
    }
}
