package dev.saccade.models.data;

/** Train, validation and test draw from disjoint generator seeds, so they never share a background. */
public enum Split {
    TRAIN(1_000),
    VALIDATION(500_000),
    TEST(900_000);

    private final long firstSeed;

    Split(long firstSeed) {
        this.firstSeed = firstSeed;
    }

    public long seed(int background) {
        return firstSeed + background;
    }

    public static Split fromName(String name) {
        return switch (name.toLowerCase()) {
            case "train" -> TRAIN;
            case "val", "validation" -> VALIDATION;
            case "test" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + name + "' (train, validation, test)");
        };
    }
}
