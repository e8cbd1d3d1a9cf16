package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.models.data.Split;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
    @Test
    void trainComesFirstTestIsTheLastFifthAndAClipSeparatesEachPart() {
        TimeSplit s = TimeSplit.of(99);
        assertThat(s.from(Split.TRAIN)).isZero();
        assertThat(s.to(Split.TRAIN)).isEqualTo(59);
        assertThat(s.from(Split.VALIDATION)).isEqualTo(60);
        assertThat(s.to(Split.VALIDATION)).isEqualTo(78);
        assertThat(s.from(Split.TEST)).isEqualTo(79);
        assertThat(s.to(Split.TEST)).isEqualTo(99);
    }

    @Test
    void shortVideosStillGetEveryPartWithGaps() {
        for (int n = 5; n < 60; n++) {
            TimeSplit s = TimeSplit.of(n);
            assertThat(s.to(Split.TRAIN)).as("n=%d", n).isLessThan(s.from(Split.VALIDATION));
            assertThat(s.to(Split.VALIDATION)).as("n=%d", n).isLessThan(s.from(Split.TEST));
            assertThat(s.from(Split.VALIDATION)).as("n=%d", n).isLessThan(s.to(Split.VALIDATION));
            assertThat(n - s.from(Split.TEST)).as("n=%d", n).isEqualTo((int) Math.ceil(n * 0.2));
        }
        assertThatThrownBy(() -> TimeSplit.of(4)).hasMessageContaining("at least 5 clips");
    }
}
