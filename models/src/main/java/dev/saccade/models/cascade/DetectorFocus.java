package dev.saccade.models.cascade;

import dev.saccade.models.cost.OnnxMacs;
import dev.saccade.models.data.ClassGroups;
import dev.saccade.models.external.Detection;
import dev.saccade.models.external.YoloxDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The focus stage as the reference detector: the detector runs on each patch the policy chose, in visiting order, and
 * a group it finds there (score at least {@code minScore}) is present; a group it has not found keeps the glance's
 * probability for it (exit 0's probabilities summed over the labels naming the group). The clip's label probabilities
 * are the product of the groups' (independent groups), and the clip leaves at the first step whose best label reaches
 * the step's threshold, or at its last patch. Only for bundles whose labels combine {@link ClassGroups#GROUPS}. One
 * per thread, like the detector it holds.
 */
public final class DetectorFocus implements AutoCloseable {
    /** Objects in one BGR24 image (a patch), in its pixels. */
    @FunctionalInterface
    public interface Detector {
        List<Detection> detect(byte[] bgr, int width, int height);
    }

    /** One patch to look at: the clip frame it was cut from, its top-left corner and side in frame pixels. */
    public record Look(int frame, int x, int y, int size, byte[] bgr) {}

    /** A detection of a reported group, in the frame's pixels. */
    public record Found(int frame, String group, String className, float score, float x, float y, float w, float h) {}

    /** What the focus stage decided: exit k (patches looked at), label probabilities, MACs it ran, what it found. */
    public record Result(int exit, float[] probabilities, int label, long macs, List<Found> found) {}

    /** The score from which a detection makes its group present: the clip rule's. */
    public static final float MIN_SCORE = 0.35f;

    private final Detector detector;
    private final AutoCloseable resources;
    private final List<String> labels;
    private final float minScore;
    private final long macsPerLook;

    public DetectorFocus(
            Detector detector, AutoCloseable resources, List<String> labels, float minScore, long macsPerLook) {
        if (!ClassGroups.isGroupVocabulary(labels)) {
            throw new IllegalArgumentException("the detector focus role needs labels that combine the groups "
                    + ClassGroups.GROUPS + " (a footage bundle's); this bundle has " + labels);
        }
        this.detector = detector;
        this.resources = resources;
        this.labels = List.copyOf(labels);
        this.minScore = minScore;
        this.macsPerLook = macsPerLook;
    }

    /** YOLOX from an ONNX file and its COCO labels file, its MACs per image counted from the model itself. */
    public static DetectorFocus yolox(Path model, Path cocoLabels, List<String> labels) throws IOException {
        long macs = OnnxMacs.count(model);
        YoloxDetector yolox = YoloxDetector.load(
                YoloxDetector.standardSpec(
                        model.toAbsolutePath().toString(),
                        cocoLabels.toAbsolutePath().toString(),
                        416),
                model.toAbsolutePath().getParent());
        return new DetectorFocus(yolox::detect, yolox, labels, MIN_SCORE, macs);
    }

    public long macsPerLook() {
        return macsPerLook;
    }

    /**
     * Decides a clip from the glance's probabilities and the patches in visiting order.
     *
     * @param thresholds thresholds[k] for a decision after k patches (index 0, the glance's, unused)
     */
    public Result decide(float[] glanceProbabilities, List<Look> looks, double[] thresholds) {
        if (looks.isEmpty()) {
            throw new IllegalArgumentException("the focus stage needs at least one patch");
        }
        float[] groups = ClassGroups.marginals(labels, glanceProbabilities);
        List<Found> found = new ArrayList<>();
        float[] probs = null;
        int k = 0;
        for (Look look : looks) {
            k++;
            for (Detection d : detector.detect(look.bgr(), look.size(), look.size())) {
                String group = ClassGroups.groupOf(d.label());
                if (group == null || d.score() < minScore) {
                    continue;
                }
                groups[ClassGroups.GROUPS.indexOf(group)] = 1f;
                found.add(new Found(
                        look.frame(),
                        group,
                        d.label(),
                        d.score(),
                        look.x() + d.x(),
                        look.y() + d.y(),
                        d.width(),
                        d.height()));
            }
            probs = ClassGroups.labelProbabilities(labels, groups);
            NonFiniteOutput.check(probs, AdaptiveCascade.stageName(k));
            int last = Math.min(looks.size(), thresholds.length - 1);
            if (k >= last || AdaptiveCascade.max(probs) >= thresholds[k]) {
                break;
            }
        }
        int label = AdaptiveCascade.argmax(probs);
        return new Result(k, probs, label, macsPerLook * k, found);
    }

    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }
}
