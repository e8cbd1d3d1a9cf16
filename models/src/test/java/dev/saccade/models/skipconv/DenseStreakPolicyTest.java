package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a stream stops and starts gating its first layer while the whole scene moves. */
class DenseStreakPolicyTest {
    private static SkipConvState state() {
        return new SkipConvState(new int[1], new int[1]);
    }

    /** Frames until the next probe, counting this one if it is a probe. */
    private static int framesUntilProbe(SkipConvState s) {
        int skipped = 0;
        while (DenseStreakPolicy.skipGate(s)) {
            skipped++;
        }
        return skipped;
    }

    @Test
    void theFrameBeforeAProbeKnowsIt() {
        SkipConvState s = state();
        DenseStreakPolicy.movingEverywhere(s);
        int skippedBeforeProbe = 0;
        while (DenseStreakPolicy.skipGate(s)) {
            skippedBeforeProbe++;
            assertThat(DenseStreakPolicy.probesNext(s))
                    .as("after dense frame %d", skippedBeforeProbe)
                    .isEqualTo(skippedBeforeProbe == DenseStreakPolicy.PROBE_INTERVAL - 1);
        }
    }

    @Test
    void aCalmStreamGatesEveryFrame() {
        SkipConvState s = state();

        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
    }

    @Test
    void aFrameMovingEverywhereSkipsTheGateUntilTheProbeInterval() {
        SkipConvState s = state();

        DenseStreakPolicy.movingEverywhere(s);

        // frames 1..3 of the streak run densely; the 4th probes
        assertThat(framesUntilProbe(s)).isEqualTo(DenseStreakPolicy.PROBE_INTERVAL - 1);
        assertThat(DenseStreakPolicy.PROBE_INTERVAL).isEqualTo(4);
    }

    @Test
    void probesThatStillFindMotionDoubleTheIntervalUpToTheMaximum() {
        SkipConvState s = state();
        DenseStreakPolicy.movingEverywhere(s);
        int[] intervals = new int[5];

        for (int i = 0; i < intervals.length; i++) {
            intervals[i] = framesUntilProbe(s) + 1;
            DenseStreakPolicy.movingEverywhere(s); // the probe found the frame moving again
        }

        assertThat(intervals).containsExactly(4, 8, 16, 16, 16);
    }

    @Test
    void aProbeBelowTheOpenShareEndsTheStreak() {
        SkipConvState s = state();
        DenseStreakPolicy.movingEverywhere(s);
        framesUntilProbe(s);

        DenseStreakPolicy.probed(s, true, 50, 100); // exactly half: not over the share

        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
    }

    @Test
    void aProbeOverTheOpenShareWithDenseOutputsGoesOn() {
        SkipConvState s = state();

        DenseStreakPolicy.probed(s, true, 51, 100);
        assertThat(framesUntilProbe(s)).isEqualTo(3);

        DenseStreakPolicy.probed(s, false, 99, 100); // outputs sparse enough: gate again
        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
    }

    @Test
    void resetStartsOverAtTheFirstInterval() {
        SkipConvState s = state();
        DenseStreakPolicy.movingEverywhere(s);
        framesUntilProbe(s);
        DenseStreakPolicy.movingEverywhere(s);

        s.reset();

        assertThat(DenseStreakPolicy.skipGate(s)).isFalse();
        DenseStreakPolicy.movingEverywhere(s);
        assertThat(framesUntilProbe(s)).isEqualTo(3);
    }
}
