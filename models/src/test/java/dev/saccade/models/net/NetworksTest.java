package dev.saccade.models.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import org.junit.jupiter.api.Test;

/** Shapes of every network and the compute budget the cascade depends on. */
class NetworksTest {

    @Test
    void outputsHaveTheDocumentedShapes() {
        try (CascadeNets nets = CascadeNets.create(6, 8, 4);
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDList g = nets.glanceBlock()
                    .forward(ps, new NDList(m.randomUniform(-0.5f, 0.5f, new Shape(16, 4, 72, 96))), false);
            assertThat(g.get(0).getShape()).isEqualTo(new Shape(2, 6));
            assertThat(g.get(1).getShape()).isEqualTo(new Shape(16, 30));
            assertThat(g.get(2).getShape()).isEqualTo(new Shape(16, 3, 30));
            assertThat(g.get(3).getShape()).isEqualTo(new Shape(2, 64));
            NDList f = nets.focusBlock()
                    .forward(
                            ps,
                            new NDList(
                                    m.randomUniform(-0.5f, 0.5f, new Shape(8, 3, 64, 64)), m.zeros(new Shape(2, 64))),
                            false);
            assertThat(f.get(0).getShape()).isEqualTo(new Shape(2, 4, 6));
            NDList d = nets.denseBlock()
                    .forward(ps, new NDList(m.randomUniform(-0.5f, 0.5f, new Shape(16, 4, 120, 160))), false);
            assertThat(d.get(0).getShape()).isEqualTo(new Shape(2, 6));
        }
    }

    @Test
    void glanceIsFarCheaperThanDenseAndAPatchCheaperThanAFrame() {
        try (CascadeNets nets = CascadeNets.create(6, 8, 4)) {
            long glance = nets.glanceMacsPerClip();
            long step = nets.focusMacsPerStep();
            long dense = nets.denseMacsPerClip();
            long fgFrame = nets.glanceBlock().encoderMacsPerFrame();
            System.err.printf(
                    "MACs: f_G/frame %.2fM, glance/clip %.2fM, focus step %.2fM, dense/clip %.2fM%n",
                    fgFrame / 1e6, glance / 1e6, step / 1e6, dense / 1e6);
            assertThat(dense / glance).as("dense over glance").isGreaterThanOrEqualTo(20);
            assertThat(step).as("a patch costs less than a dense frame").isLessThan(dense / 8);
            assertThat(dense / 8 / fgFrame).as("f_L full frame over f_G frame").isGreaterThanOrEqualTo(10);
        }
    }
}
