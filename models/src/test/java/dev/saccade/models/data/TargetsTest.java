package dev.saccade.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetsTest {
    @Test
    void heatTargetMarksTheCellsTheObjectCovers() {
        // cells are 320/6 x 240/5 = 53.3 x 48; a box inside cell (row 2, col 3) only
        float[] t = Targets.heat(new ObjectBox(170, 100, 20, 40), 320, 240);
        assertThat(t[2 * 6 + 3]).isEqualTo(1f);
        float sum = 0;
        for (float v : t) {
            sum += v;
        }
        assertThat(sum).isEqualTo(1f);
        assertThat(Targets.heat(null, 320, 240)).containsOnly(0f);
    }

    @Test
    void levelFitsTheObjectWithContext() {
        assertThat(PatchBox.levelFor(20, 45)).isEqualTo(0);
        assertThat(PatchBox.levelFor(30, 70)).isEqualTo(1);
        assertThat(PatchBox.levelFor(60, 100)).isEqualTo(2);
        assertThat(PatchBox.levelFor(300, 200)).isEqualTo(2);
    }

    @Test
    void patchesStayInsideTheFrame() {
        PatchBox b = PatchBox.centred(5, 235, 1, 320, 240);
        assertThat(b.x()).isZero();
        assertThat(b.y()).isEqualTo(240 - 96);
        assertThat(b.size()).isEqualTo(96);
    }
}
