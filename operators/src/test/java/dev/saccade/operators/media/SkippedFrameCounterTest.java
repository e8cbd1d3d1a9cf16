package dev.saccade.operators.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Accounting of lost frames: explicit failures, timestamp gaps, their overlap and the give-up limit. */
class SkippedFrameCounterTest {

    @Test
    void gapsBetweenFramesAreCountedButALateStartIsNot() {
        SkippedFrameCounter counter = new SkippedFrameCounter(100);
        assertThat(counter.frame(5)).isZero();
        assertThat(counter.frame(6)).isEqualTo(1);
        assertThat(counter.frame(16)).isEqualTo(11);
        assertThat(counter.skipped()).isEqualTo(9);
    }

    @Test
    void aFailureThatAlsoLeavesAGapIsCountedOnce() {
        SkippedFrameCounter counter = new SkippedFrameCounter(100);
        counter.frame(0);
        counter.failure();
        counter.failure();
        assertThat(counter.skipped()).isEqualTo(2);
        assertThat(counter.frame(3)).isEqualTo(3);
        assertThat(counter.skipped()).isEqualTo(2);
        counter.failure();
        assertThat(counter.frame(4)).as("a failure without a gap still counts").isEqualTo(4);
        assertThat(counter.skipped()).isEqualTo(3);
    }

    @Test
    void backwardsFrameNumbersKeepIndicesIncreasing() {
        SkippedFrameCounter counter = new SkippedFrameCounter(100);
        counter.frame(1);
        counter.frame(2);
        assertThat(counter.frame(0)).isEqualTo(2);
        assertThat(counter.frame(2)).isEqualTo(3);
        assertThat(counter.skipped()).isZero();
    }

    @Test
    void stopsAfterTheConsecutiveFailureLimitAndResetsOnSuccess() {
        SkippedFrameCounter counter = new SkippedFrameCounter(3);
        assertThat(counter.failure()).isFalse();
        assertThat(counter.failure()).isFalse();
        counter.frame(0);
        assertThat(counter.failure()).isFalse();
        assertThat(counter.failure()).isFalse();
        assertThat(counter.failure()).isTrue();
        assertThat(counter.skipped()).isEqualTo(5);
    }

    @Test
    void aNewPassRestartsIndicesAndKeepsTheTotal() {
        SkippedFrameCounter counter = new SkippedFrameCounter(100);
        counter.frame(0);
        counter.frame(4);
        counter.newPass();
        assertThat(counter.frame(0)).isZero();
        assertThat(counter.skipped()).isEqualTo(3);
    }
}
