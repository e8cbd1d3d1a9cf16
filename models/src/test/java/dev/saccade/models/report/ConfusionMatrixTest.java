package dev.saccade.models.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accuracy and per-class recall from a hand-made confusion matrix. */
class ConfusionMatrixTest {

    @Test
    void accuracyAndRecallPerClassOnAHandMadeExample() {
        ConfusionMatrix dense = ReportFixtures.dense();
        assertThat(dense.total()).isEqualTo(10);
        assertThat(dense.accuracy()).isEqualTo(0.9);
        // "person" has no clips: left out, not NaN
        assertThat(dense.perClassAccuracy(ReportFixtures.LABELS))
                .containsExactly(Map.entry("static", 0.8), Map.entry("motion", 1.0));

        ConfusionMatrix adaptive = ReportFixtures.adaptive();
        assertThat(adaptive.accuracy()).isEqualTo(0.8);
        assertThat(adaptive.perClassAccuracy(ReportFixtures.LABELS)).containsOnlyKeys("static", "motion");
        assertThat(adaptive.perClassAccuracy(ReportFixtures.LABELS).get("motion"))
                .isCloseTo(0.6, within(1e-12));
        assertThat(adaptive.counts()).isDeepEqualTo(new long[][] {{5, 0, 0}, {1, 3, 1}, {0, 0, 0}});
    }

    @Test
    void emptyMatrixHasUndefinedAccuracyAndCountsAreCopies() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertThat(m.accuracy()).isNaN();
        assertThat(m.perClassAccuracy(java.util.List.of("a", "b"))).isEmpty();
        m.counts()[0][0] = 99;
        assertThat(m.total()).isZero();
        assertThat(ConfusionMatrix.of(new long[][] {{1, 2}, {3, 4}}).support(1)).isEqualTo(7);
    }
}
