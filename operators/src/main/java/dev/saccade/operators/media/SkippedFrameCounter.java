package dev.saccade.operators.media;

/**
 * Counts the frames a {@link VideoFileReader} loses, from explicit failures and from gaps in the frame numbers, so
 * that a frame that failed loudly and then also left a gap is counted once.
 */
final class SkippedFrameCounter {

    private final int maxConsecutiveFailures;

    private long skipped;
    private int firstFrameNumber;
    private int lastIndex = -1;
    private long failuresSinceLastFrame;
    private int consecutiveFailures;

    SkippedFrameCounter(int maxConsecutiveFailures) {
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Records a frame that could not be grabbed or converted; true when so many failed in a row that reading should stop. */
    boolean failure() {
        skipped++;
        failuresSinceLastFrame++;
        return ++consecutiveFailures >= maxConsecutiveFailures;
    }

    /**
     * Records a delivered frame with the decoder's {@code frameNumber} (derived from its timestamp) and returns its
     * index: rebased so the first delivered frame is 0 (a late-starting stream is not a loss), strictly increasing,
     * and with any jump beyond the failures already recorded counted as skipped frames.
     */
    int frame(int frameNumber) {
        if (lastIndex < 0) {
            firstFrameNumber = frameNumber;
        }
        int index = frameNumber - firstFrameNumber;
        if (index <= lastIndex) {
            // Seen with packed B-frames (XviD): the decoder flushes its last frame with a bogus pts of 0. Keep indices
            // increasing rather than report a jump backwards.
            index = lastIndex + 1;
        } else if (lastIndex >= 0) {
            long missing = index - lastIndex - 1L;
            skipped += Math.max(0, missing - failuresSinceLastFrame);
        }
        lastIndex = index;
        failuresSinceLastFrame = 0;
        consecutiveFailures = 0;
        return index;
    }

    /** Starts a new pass over the stream (indices from 0 again) while keeping the running total. */
    void newPass() {
        lastIndex = -1;
        failuresSinceLastFrame = 0;
        consecutiveFailures = 0;
    }

    long skipped() {
        return skipped;
    }
}
