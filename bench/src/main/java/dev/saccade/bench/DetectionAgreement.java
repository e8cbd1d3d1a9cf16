package dev.saccade.bench;

import dev.saccade.models.external.Detection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How two runs' detections on the same frames agree: each reference detection matched to the unused detection of the
 * same class with the highest IoU; the share matched at IoU 0.9 or more, extra detections, the largest corner shift
 * and score difference among matches.
 */
public record DetectionAgreement(int reference, int other, int matched, double maxCornerShiftPx, double maxScoreDiff) {

    static final double MATCH_IOU = 0.9;

    public static DetectionAgreement compare(List<List<Detection>> reference, List<List<Detection>> other) {
        if (reference.size() != other.size()) {
            throw new IllegalArgumentException(reference.size() + " frames against " + other.size());
        }
        int ref = 0;
        int oth = 0;
        int matched = 0;
        double shift = 0;
        double score = 0;
        for (int f = 0; f < reference.size(); f++) {
            List<Detection> a = reference.get(f);
            List<Detection> b = other.get(f);
            ref += a.size();
            oth += b.size();
            boolean[] used = new boolean[b.size()];
            for (Detection d : a) {
                int best = -1;
                double bestIou = MATCH_IOU;
                for (int k = 0; k < b.size(); k++) {
                    double iou = iou(d, b.get(k));
                    if (!used[k] && b.get(k).classIndex() == d.classIndex() && iou >= bestIou) {
                        best = k;
                        bestIou = iou;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    matched++;
                    Detection m = b.get(best);
                    shift = Math.max(
                            shift,
                            Math.max(
                                    Math.max(Math.abs(d.x() - m.x()), Math.abs(d.y() - m.y())),
                                    Math.max(
                                            Math.abs(d.x() + d.width() - m.x() - m.width()),
                                            Math.abs(d.y() + d.height() - m.y() - m.height()))));
                    score = Math.max(score, Math.abs(d.score() - m.score()));
                }
            }
        }
        return new DetectionAgreement(ref, oth, matched, shift, score);
    }

    static double iou(Detection a, Detection b) {
        double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double inter = ix * iy;
        double union = (double) a.width() * a.height() + (double) b.width() * b.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Share of the reference's detections matched (1 where the reference has none and the other none either). */
    public double matchedFraction() {
        return reference == 0 ? (other == 0 ? 1 : 0) : (double) matched / reference;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference_detections", reference);
        m.put("matched_fraction", matchedFraction());
        m.put("unmatched_extra", other - matched);
        m.put("max_corner_shift_px", maxCornerShiftPx);
        m.put("max_score_diff", maxScoreDiff);
        return m;
    }
}
