package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.net.GlanceModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {
    @Test
    void framesAreVisitedMostConfidentFirstWithPatchesAtTheHeatmapPeak() {
        int t = 4;
        float[][] heat = new float[t][GlanceModel.CELLS];
        float[][][] levels = new float[t][3][GlanceModel.CELLS];
        heat[0][7] = 0.2f;
        heat[1][7] = 0.9f; // row 1, col 1
        heat[2][29] = 0.6f; // bottom-right cell
        heat[3][0] = 0.1f;
        levels[1][2][7] = 5f; // largest patch level at frame 1's peak
        levels[2][0][29] = 5f;
        List<Policy.Focus> plan = Policy.plan(heat, levels, 2, 320, 240);
        assertThat(plan).extracting(Policy.Focus::frame).containsExactly(1, 2);
        Policy.Focus first = plan.get(0);
        assertThat(first.box().size()).isEqualTo(128);
        // cell (1,1) centre is (80, 72): a 128 patch centred there, inside the frame
        assertThat(first.box().x()).isEqualTo(16);
        assertThat(first.box().y()).isEqualTo(8);
        Policy.Focus second = plan.get(1);
        assertThat(second.box().size()).isEqualTo(64);
        assertThat(second.box().x() + 64).as("kept inside the frame").isLessThanOrEqualTo(320);
        assertThat(second.box().y() + 64).isLessThanOrEqualTo(240);
    }
}
