package dev.saccade.datasets.footage;

import java.util.List;
import java.util.Map;

/** The teacher's COCO classes gathered into the groups Saccade reports, and the clip labels they combine into. */
public final class ClassGroups {
    public static final String PERSON = "person";
    public static final String VEHICLE = "vehicle";

    /** Groups in label order: a clip's label names the groups present, joined by '+'. */
    public static final List<String> GROUPS = List.of(PERSON, VEHICLE);

    /** The clip vocabulary: every combination of groups, "none" first. */
    public static final List<String> LABELS = List.of("none", PERSON, VEHICLE, PERSON + "+" + VEHICLE);

    private static final Map<String, String> COCO = Map.of(
            "person", PERSON,
            "car", VEHICLE,
            "bus", VEHICLE,
            "truck", VEHICLE,
            "motorcycle", VEHICLE,
            "bicycle", VEHICLE);

    private ClassGroups() {}

    /** The group of a COCO class name, or null for classes Saccade does not report. */
    public static String groupOf(String cocoClass) {
        return COCO.get(cocoClass);
    }

    /** The label index of a set of present groups, given as one flag per entry of {@link #GROUPS}. */
    public static int label(boolean person, boolean vehicle) {
        return (person ? 1 : 0) + (vehicle ? 2 : 0);
    }
}
