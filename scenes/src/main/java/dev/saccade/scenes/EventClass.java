package dev.saccade.scenes;

import java.util.List;
import java.util.Locale;

/** The clip-level event labels a scene can show; the ordinal is the class index models are trained on. */
public enum EventClass {
    IDLE("idle"),
    WALK_LEFT("walk-left"),
    WALK_RIGHT("walk-right"),
    APPROACH("approach"),
    LOITER("loiter"),
    FALL("fall");

    // Cached because values() clones the array on every call and labels() is on hot paths in the job.
    private static final EventClass[] VALUES = values();
    private static final List<String> LABELS =
            List.of(IDLE.label, WALK_LEFT.label, WALK_RIGHT.label, APPROACH.label, LOITER.label, FALL.label);

    private final String label;

    EventClass(String label) {
        this.label = label;
    }

    /** The wire/CLI spelling, e.g. {@code "walk-left"}. */
    public String label() {
        return label;
    }

    /** The class index (the ordinal), stable because models' output layers depend on it. */
    public int index() {
        return ordinal();
    }

    /** True only for {@link #IDLE}: the class that needs no expensive look. */
    public boolean isQuiet() {
        return this == IDLE;
    }

    /** Parses a label ({@code "walk-left"}) or an enum name ({@code "WALK_LEFT"}), ignoring case and whitespace. */
    public static EventClass fromLabel(String text) {
        if (text == null) {
            throw new IllegalArgumentException("event label is null; expected one of " + LABELS);
        }
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EventClass c : VALUES) {
            if (c.label.equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown event label '" + text + "'; expected one of " + LABELS);
    }

    /** The class with this index, the inverse of {@link #index()}. */
    public static EventClass fromIndex(int index) {
        if (index < 0 || index >= VALUES.length) {
            throw new IllegalArgumentException("event index " + index + " out of range [0, " + VALUES.length + ")");
        }
        return VALUES[index];
    }

    /** All labels in index order. */
    public static List<String> labels() {
        return LABELS;
    }

    /** Number of classes, the width of a classifier's output. */
    public static int count() {
        return VALUES.length;
    }
}
