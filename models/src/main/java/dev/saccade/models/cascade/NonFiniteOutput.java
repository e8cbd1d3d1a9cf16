package dev.saccade.models.cascade;

import java.util.Arrays;

/**
 * A network gave a NaN or infinite probability: an error with its reason, never a label. Thrown where probabilities
 * leave a network; the streaming operators count the clip as failed and log the reason.
 */
public final class NonFiniteOutput extends RuntimeException {
    public NonFiniteOutput(String message) {
        super(message);
    }

    /** Returns {@code p} if every value is finite, else throws naming where it came from. */
    public static float[] check(float[] p, String where) {
        for (float v : p) {
            if (!Float.isFinite(v)) {
                throw new NonFiniteOutput(
                        "non-finite probabilities from " + where + ": " + Arrays.toString(p)
                                + " (the engine computed NaN or infinity; ./saccade engines --audit checks its kernels on this machine)");
            }
        }
        return p;
    }
}
