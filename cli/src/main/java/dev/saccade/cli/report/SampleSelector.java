package dev.saccade.cli.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses an eval's gallery clips as they are scored, so no clip's frames are held longer than its own batch: up to
 * {@code perKind} correct clips per deciding stage and up to {@code perKind} clips of each kind of error (a wrong label
 * at the glance, at a focus exit, or at any other deciding stage), per eval row.
 */
public final class SampleSelector {
    private final int perKind;
    private final Map<String, Integer> taken = new LinkedHashMap<>();

    public SampleSelector(int perKind) {
        this.perKind = perKind;
    }

    /** The kind a clip decided at {@code stage} is an example of, e.g. "correct at focus-2", "wrong at the glance". */
    public static String kindOf(String stage, boolean correct) {
        if (correct) {
            return "correct at " + stage;
        }
        if (stage.startsWith("focus")) {
            return "wrong at a focus exit";
        }
        return "wrong at the " + stage;
    }

    /**
     * Offers a clip; returns the kind it is kept as, or null where that kind already has its clips. Rows other than
     * {@code adaptive} (the detector's focus stage) fill kinds of their own.
     */
    public String offer(String mode, String stage, boolean correct) {
        String kind = kindOf(stage, correct);
        String key = mode.equals("adaptive") ? kind : mode + ": " + kind;
        int n = taken.getOrDefault(key, 0);
        if (n >= perKind) {
            return null;
        }
        taken.put(key, n + 1);
        return key;
    }

    /** The most clips kept of one kind. */
    public int perKind() {
        return perKind;
    }

    /** Clips kept per kind so far, in the order kinds were first seen. */
    public Map<String, Integer> taken() {
        return Map.copyOf(taken);
    }
}
