package dev.saccade.models.skipconv;

/**
 * When a stream's whole frames run densely without gating: once the first layer's gate finds the scene moving nearly
 * everywhere, gating and marking every frame only costs time, so the gate runs again on every few frames only (a
 * probe), backing off while the probes keep finding the scene moving.
 */
final class DenseStreakPolicy {
    /** Frames between probes at the start of a dense streak. */
    static final int PROBE_INTERVAL = 4;
    /** Each probe that still finds the frame moving doubles the interval, up to this. */
    static final int MAX_PROBE_INTERVAL = 16;
    /**
     * Share of the first layer's inputs opening above which a frame that recomputes every output starts a dense streak:
     * one large object moving near the camera opens less, and keeps the gate running every frame.
     */
    static final double OPEN_SHARE = 0.5;

    private DenseStreakPolicy() {}

    /**
     * Whether the stream is inside a dense streak and this frame is not a probe: the frame then runs densely without
     * gating, and counts towards the next probe.
     */
    static boolean skipGate(SkipConvState state) {
        if (state.denseStreak % state.probeInterval == 0) {
            return false;
        }
        state.denseStreak++;
        return true;
    }

    /** Whether the next frame of a stream in a dense streak is a probe. */
    static boolean probesNext(SkipConvState state) {
        return state.denseStreak % state.probeInterval == 0;
    }

    /** The gate found the frame moving nearly everywhere: the next frames run densely, for longer if it still did. */
    static void movingEverywhere(SkipConvState state) {
        state.probeInterval =
                state.denseStreak == 0 ? PROBE_INTERVAL : Math.min(MAX_PROBE_INTERVAL, 2 * state.probeInterval);
        state.denseStreak = 1;
    }

    /**
     * After the first layer's gate ran below the dense-fallback share: a streak starts (or goes on) when the opened
     * inputs' windows still cover nearly every output ({@code outputsDense}) and over {@link #OPEN_SHARE} of the inputs
     * opened; otherwise any streak ends.
     */
    static void probed(SkipConvState state, boolean outputsDense, int opened, int inPositions) {
        if (outputsDense && opened > OPEN_SHARE * inPositions) {
            movingEverywhere(state);
        } else {
            state.denseStreak = 0;
        }
    }

    /** A stream's state when it starts or restarts. */
    static void reset(SkipConvState state) {
        state.denseStreak = 0;
        state.probeInterval = PROBE_INTERVAL;
    }
}
