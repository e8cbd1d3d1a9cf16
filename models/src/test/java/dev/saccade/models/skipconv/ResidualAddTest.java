package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The residual join on the positions its operands changed, and the frame workspace that records them. */
class ResidualAddTest {
    private static final int H = 3;
    private static final int W = 4;
    private static final int C = 2;

    /** x -> pointwise conv -> act(x + conv(x)): buffers 0 (x), 1 (conv), 2 (sum). */
    private static LayerPlan plan() {
        List<Node> nodes = List.of(new Residual(List.of(TinyLayers.conv(C, C, 1, 1, 0, 1, Act.NONE, 1)), Act.RELU));
        return new LayerPlan(nodes, H, W, C);
    }

    @Test
    void addsOnlyWhereEitherOperandChanged() {
        LayerPlan plan = plan();
        LayerPlan.Add step = (LayerPlan.Add) plan.steps().get(1);
        FrameWorkspace work = new FrameWorkspace(plan, 0);
        work.nextFrame();
        work.setListed(0, 0);
        work.list(0)[0] = 2;
        work.setListed(0, 1);
        work.list(1)[0] = 2;
        work.list(1)[1] = 7;
        work.setListed(1, 2);
        float[] x = new float[H * W * C];
        float[] body = new float[H * W * C];
        Arrays.fill(x, 1f);
        Arrays.fill(body, -3f); // the sum is -2, which the ReLU clips
        body[7 * C] = 5f;
        float[] out = new float[H * W * C];
        Arrays.fill(out, 42f);

        new ResidualAdd(step, plan.positions(2)).run(x, body, out, work);

        assertThat(work.all(2)).isFalse();
        assertThat(Arrays.copyOf(work.list(2), work.count(2))).containsExactly(2, 7);
        for (int p = 0; p < H * W; p++) {
            float[] expected = p == 2 ? new float[] {0f, 0f} : p == 7 ? new float[] {6f, 0f} : new float[] {42f, 42f};
            assertThat(Arrays.copyOfRange(out, p * C, (p + 1) * C))
                    .as("position %d", p)
                    .containsExactly(expected);
        }
    }

    @Test
    void addsEverywhereWhenAnOperandChangedEverywhere() {
        LayerPlan plan = plan();
        LayerPlan.Add step = (LayerPlan.Add) plan.steps().get(1);
        FrameWorkspace work = new FrameWorkspace(plan, 0);
        work.nextFrame(); // the network input changed everywhere
        work.setListed(1, 0);
        float[] x = new float[H * W * C];
        Arrays.fill(x, 2f);
        float[] out = new float[H * W * C];

        new ResidualAdd(step, plan.positions(2)).run(x, new float[H * W * C], out, work);

        assertThat(work.all(2)).isTrue();
        assertThat(work.count(2)).isEqualTo(H * W);
        assertThat(out).containsOnly(2f);
    }

    @Test
    void eachFrameStampsWithANewValue() {
        FrameWorkspace work = new FrameWorkspace(plan(), 5);
        work.nextFrame();
        int first = work.stampValue();
        work.nextFrame();

        assertThat(work.stampValue()).isNotEqualTo(first);
        assertThat(work.all(0)).isTrue();
        assertThat(work.count(0)).isEqualTo(H * W);
        assertThat(work.weighted).hasSize(5);
        assertThat(work.openedInputs).hasSize(H * W);
    }
}
