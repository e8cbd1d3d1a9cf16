package dev.saccade.models.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The detector's COCO classes gathered into the groups Saccade reports, and the clip labels they combine into. */
public final class ClassGroups {
    public static final String PERSON = "person";
    public static final String VEHICLE = "vehicle";
    public static final String NONE = "none";

    /** Groups in label order: a clip's label names the groups present, joined by '+'. */
    public static final List<String> GROUPS = List.of(PERSON, VEHICLE);

    /** The clip vocabulary: every combination of groups, "none" first. */
    public static final List<String> LABELS = List.of(NONE, PERSON, VEHICLE, PERSON + "+" + VEHICLE);

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

    /** The groups a label names ("none" names none). */
    public static List<String> groupsOf(String label) {
        return NONE.equals(label) ? List.of() : Arrays.asList(label.split("\\+"));
    }

    /** Whether every label of a vocabulary is a combination of {@link #GROUPS} (a footage bundle's). */
    public static boolean isGroupVocabulary(List<String> labels) {
        for (String label : labels) {
            if (!GROUPS.containsAll(groupsOf(label))) {
                return false;
            }
        }
        return !labels.isEmpty();
    }

    /** The probability of each group of {@link #GROUPS} being present: the sum over the labels that name it. */
    public static float[] marginals(List<String> labels, float[] probabilities) {
        float[] out = new float[GROUPS.size()];
        for (int l = 0; l < labels.size(); l++) {
            for (String g : groupsOf(labels.get(l))) {
                out[GROUPS.indexOf(g)] += probabilities[l];
            }
        }
        return out;
    }

    /**
     * Label probabilities from independent group probabilities: P(label) is the product of p(g) for the groups it
     * names and 1 - p(g) for the others.
     */
    public static float[] labelProbabilities(List<String> labels, float[] groupProbabilities) {
        float[] out = new float[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            List<String> named = new ArrayList<>(groupsOf(labels.get(l)));
            double p = 1;
            for (int g = 0; g < GROUPS.size(); g++) {
                p *= named.contains(GROUPS.get(g)) ? groupProbabilities[g] : 1 - groupProbabilities[g];
            }
            out[l] = (float) p;
        }
        return out;
    }
}
