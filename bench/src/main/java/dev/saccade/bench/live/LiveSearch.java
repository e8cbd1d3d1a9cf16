package dev.saccade.bench.live;

import java.util.function.BooleanSupplier;

/**
 * The search over stream counts: from a first count, doubling while the job holds it (halving while it does not),
 * then bisection between the most streams held and the fewest not held, down to a resolution of an eighth of the
 * count held.
 */
public final class LiveSearch {
    /** Runs one step at a stream count and says whether the job held it. */
    @FunctionalInterface
    public interface Probe {
        boolean holds(int streams) throws Exception;
    }

    /**
     * @param maxHeld the most streams held (0: not even one)
     * @param fewestFailed the fewest streams not held (0: every count tried was held, up to the maximum)
     * @param complete false when the time budget ended the bisection before its resolution
     */
    public record Outcome(int maxHeld, int fewestFailed, boolean complete) {}

    private final int start;
    private final int max;
    private final BooleanSupplier mayStartStep;

    /** @param mayStartStep says whether another step still fits the time budget */
    public LiveSearch(int start, int max, BooleanSupplier mayStartStep) {
        if (start < 1 || max < start) {
            throw new IllegalArgumentException("need 1 <= start <= max, got start " + start + ", max " + max);
        }
        this.start = start;
        this.max = max;
        this.mayStartStep = mayStartStep;
    }

    public Outcome run(Probe probe) throws Exception {
        int held = 0;
        int failed = 0;
        int n = start;
        // bracket: double up from a held count, halve down from a failed one
        while (true) {
            if (!mayStartStep.getAsBoolean()) {
                return new Outcome(held, failed, false);
            }
            if (probe.holds(n)) {
                held = n;
                if (failed != 0 || n == max) {
                    break;
                }
                n = Math.min(max, 2 * n);
            } else {
                failed = n;
                if (held != 0 || n == 1) {
                    break;
                }
                n = Math.max(1, n / 2);
            }
        }
        while (failed != 0 && failed - held > resolution(held)) {
            if (!mayStartStep.getAsBoolean()) {
                return new Outcome(held, failed, false);
            }
            int mid = held + (failed - held) / 2;
            if (probe.holds(mid)) {
                held = mid;
            } else {
                failed = mid;
            }
        }
        return new Outcome(held, failed, true);
    }

    /** The bracket is narrow enough once it is within an eighth of the count held (one stream at least). */
    static int resolution(int held) {
        return Math.max(1, held / 8);
    }
}
