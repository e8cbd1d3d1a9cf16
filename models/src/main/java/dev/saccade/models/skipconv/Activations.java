package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder.Act;

/** A folded encoder's activations applied in place over a run of floats. */
final class Activations {
    private Activations() {}

    /** One loop per kind, so the JIT vectorises each. */
    static void apply(float[] v, int from, int length, Act act) {
        int end = from + length;
        switch (act) {
            case NONE -> {}
            case RELU -> {
                for (int i = from; i < end; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
            }
            case RELU6 -> {
                for (int i = from; i < end; i++) {
                    v[i] = Math.min(Math.max(v[i], 0f), 6f);
                }
            }
        }
    }
}
