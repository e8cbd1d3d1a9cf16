package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {
    private static final long GLANCE = 50;
    private static final long STEP = 40;

    /** Exit 0 is right and sure on easy clips; on hard ones it is wrong and unsure, and focus-2 fixes it. */
    private static List<ScoredClip> clips() {
        List<ScoredClip> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(new ScoredClip(
                    0, new float[] {0.97f, 0.03f}, new float[][] {{0.9f, 0.1f}, {0.9f, 0.1f}, {0.9f, 0.1f}}));
        }
        for (int i = 0; i < 4; i++) {
            out.add(new ScoredClip(
                    1, new float[] {0.6f, 0.4f}, new float[][] {{0.55f, 0.45f}, {0.1f, 0.9f}, {0.1f, 0.9f}}));
        }
        return out;
    }

    @Test
    void evaluationCountsExitsAccuracyAndWhatEachClipRan() {
        ThresholdCalibration.Outcome o =
                ThresholdCalibration.evaluate(clips(), new double[] {0.95, 0.8, 0.8, 0}, GLANCE, STEP);
        assertThat(o.accuracy()).isEqualTo(1.0);
        assertThat(o.exitFractions())
                .containsEntry("glance", 0.6)
                .containsEntry("focus-2", 0.4)
                .containsEntry("focus-1", 0.0);
        // 6 clips glance only, 4 clips glance + 2 steps
        assertThat(o.macsPerClip()).isEqualTo((10 * GLANCE + 4 * 2 * STEP) / 10.0);
    }

    @Test
    void lowThresholdsAreCheapButWrong() {
        ThresholdCalibration.Outcome o =
                ThresholdCalibration.evaluate(clips(), new double[] {0.5, 0.5, 0.5, 0}, GLANCE, STEP);
        assertThat(o.accuracy()).isEqualTo(0.6);
        assertThat(o.macsPerClip()).isEqualTo(GLANCE);
    }

    @Test
    void calibrationPicksTheCheapestSettingThatKeepsTheBestAccuracy() {
        ThresholdCalibration.Outcome o = ThresholdCalibration.calibrate(clips(), 3, GLANCE, STEP, 0.0, 0.0);
        assertThat(o.accuracy()).isEqualTo(1.0);
        assertThat(o.exitFractions().get("glance")).isEqualTo(0.6);
        assertThat(o.macsPerClip()).isEqualTo((10 * GLANCE + 4 * 2 * STEP) / 10.0);
        assertThat(o.thresholds()[3]).as("the last exit always answers").isEqualTo(0.0);
    }

    @Test
    void sweepCostRisesWithTheThreshold() {
        List<ThresholdCalibration.Outcome> curve = ThresholdCalibration.sweep(clips(), 3, GLANCE, STEP);
        assertThat(curve).hasSize(ThresholdCalibration.GRID.length);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).macsPerClip())
                    .isGreaterThanOrEqualTo(curve.get(i - 1).macsPerClip());
        }
    }
}
