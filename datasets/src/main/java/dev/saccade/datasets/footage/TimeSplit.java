package dev.saccade.datasets.footage;

import dev.saccade.models.data.Split;

/**
 * Splits one video's clips in time: train first, then validation, then test as the last fifth, each a contiguous run
 * with one clip left out between them so no training window overlaps a validation or test clip.
 */
public record TimeSplit(int clips, int trainEnd, int validationStart, int validationEnd, int testStart) {
    public static final double TRAIN_FRACTION = 0.6;
    public static final double TEST_FRACTION = 0.2;

    public static TimeSplit of(int clips) {
        if (clips < 5) {
            throw new IllegalArgumentException("a video needs at least 5 clips to split in time, has " + clips);
        }
        int testStart = clips - (int) Math.ceil(clips * TEST_FRACTION);
        int trainEnd = Math.max(1, Math.min((int) Math.floor(clips * TRAIN_FRACTION), testStart - 3));
        int validationStart = trainEnd + 1;
        int validationEnd = testStart - 1;
        return new TimeSplit(clips, trainEnd, validationStart, validationEnd, testStart);
    }

    /** First clip of the split, inclusive. */
    public int from(Split split) {
        return switch (split) {
            case TRAIN -> 0;
            case VALIDATION -> validationStart;
            case TEST -> testStart;
        };
    }

    /** End of the split, exclusive. */
    public int to(Split split) {
        return switch (split) {
            case TRAIN -> trainEnd;
            case VALIDATION -> validationEnd;
            case TEST -> clips;
        };
    }
}
