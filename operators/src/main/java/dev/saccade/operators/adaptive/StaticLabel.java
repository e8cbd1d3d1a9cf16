package dev.saccade.operators.adaptive;

import java.util.List;

/** Which bundle label the motion gate gives a static clip, or none when the gate is off for this bundle. */
public final class StaticLabel {
    /** The label used when none is configured. */
    public static final String DEFAULT = "idle";

    private StaticLabel() {}

    /**
     * The index of the static label in {@code labels}, or -1 for no motion gate: the gate is off, or no label is
     * configured and the bundle has no {@value #DEFAULT} (a footage bundle, where a static clip may show parked cars).
     *
     * @throws IllegalArgumentException when a configured label is not one of the bundle's
     */
    public static int resolve(boolean gate, String configured, List<String> labels) {
        if (!gate) {
            return -1;
        }
        if (configured == null) {
            return labels.indexOf(DEFAULT);
        }
        int i = labels.indexOf(configured);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "static label '" + configured + "' is not one of the bundle's " + labels);
        }
        return i;
    }
}
