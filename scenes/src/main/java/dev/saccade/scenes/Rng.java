package dev.saccade.scenes;

/**
 * SplitMix64: written out here rather than using java.util's generators so that the algorithm, and therefore every
 * training set derived from a seed, cannot change under a JDK upgrade.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An independent seed for sub-stream {@code salt}; lets clips be generated in any order with the same result. */
    static long derive(long seed, long salt) {
        return mix(mix(seed + GOLDEN) ^ mix(salt * GOLDEN + 0x632BE59BD9B4E019L));
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [0, n)}; multiply-shift keeps the bias below 2^-32. */
    int nextInt(int n) {
        return (int) (((nextLong() >>> 32) * n) >>> 32);
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** -1 or +1. */
    int sign() {
        return (nextLong() & 1) == 0 ? -1 : 1;
    }
}
