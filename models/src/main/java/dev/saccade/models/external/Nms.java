package dev.saccade.models.external;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression over {@link ScoredBox}es. */
public final class Nms {

    private Nms() {}

    /** Keeps the best box of every cluster overlapping more than {@code iouThreshold}, only within a class. */
    public static List<ScoredBox> perClass(List<ScoredBox> boxes, float iouThreshold) {
        return suppress(boxes, iouThreshold, true);
    }

    /** Keeps the best box of every cluster overlapping more than {@code iouThreshold}, whatever the classes. */
    public static List<ScoredBox> classAgnostic(List<ScoredBox> boxes, float iouThreshold) {
        return suppress(boxes, iouThreshold, false);
    }

    private static List<ScoredBox> suppress(List<ScoredBox> boxes, float iouThreshold, boolean perClass) {
        List<ScoredBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(ScoredBox::score).reversed());
        List<ScoredBox> kept = new ArrayList<>();
        // Quadratic, but after the score threshold a frame has tens to hundreds of candidates, not thousands.
        for (ScoredBox candidate : sorted) {
            boolean suppressed = false;
            for (ScoredBox winner : kept) {
                if ((!perClass || winner.classIndex() == candidate.classIndex())
                        && winner.iou(candidate) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
