package dev.saccade.models.cascade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses exit thresholds on validation scores (Uni-AdaFocus calibrates on a validation split): the cheapest setting
 * whose accuracy stays within a tolerance of the best reachable. The last exit always answers.
 */
public final class ThresholdCalibration {
    /** Candidate thresholds on the top softmax probability. */
    public static final double[] GRID = {
        0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 1.01
    };

    private ThresholdCalibration() {}

    /** Accuracy and cost of one threshold setting over scored clips. */
    public record Outcome(
            double[] thresholds, double accuracy, double macsPerClip, Map<String, Double> exitFractions) {}

    public static Outcome evaluate(List<ScoredClip> clips, double[] thresholds, long glanceMacs, long stepMacs) {
        int steps = thresholds.length - 1;
        int correct = 0;
        long macs = 0;
        int[] exits = new int[steps + 1];
        for (ScoredClip c : clips) {
            float[] probs = c.exit0();
            int exit = 0;
            macs += glanceMacs;
            if (AdaptiveCascade.max(probs) < thresholds[0]) {
                for (int k = 1; k <= steps; k++) {
                    probs = c.focus()[k - 1];
                    macs += stepMacs;
                    exit = k;
                    if (k == steps || AdaptiveCascade.max(probs) >= thresholds[k]) {
                        break;
                    }
                }
            }
            exits[exit]++;
            if (AdaptiveCascade.argmax(probs) == c.label()) {
                correct++;
            }
        }
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (int k = 0; k <= steps; k++) {
            fractions.put(AdaptiveCascade.stageName(k), (double) exits[k] / clips.size());
        }
        return new Outcome(
                thresholds.clone(), (double) correct / clips.size(), (double) macs / clips.size(), fractions);
    }

    /** Same threshold for every exit but the last: the accuracy-cost curve. */
    public static List<Outcome> sweep(List<ScoredClip> clips, int steps, long glanceMacs, long stepMacs) {
        List<Outcome> curve = new ArrayList<>();
        for (double t : GRID) {
            curve.add(evaluate(clips, uniform(t, steps), glanceMacs, stepMacs));
        }
        return curve;
    }

    /**
     * The cheapest (exit-0 threshold, focus threshold) pair whose accuracy is at least the best reachable minus
     * tolerance, and at least floor when that is reachable.
     */
    public static Outcome calibrate(
            List<ScoredClip> clips, int steps, long glanceMacs, long stepMacs, double tolerance, double floor) {
        List<Outcome> all = new ArrayList<>();
        double best = 0;
        for (double t0 : GRID) {
            for (double tf : GRID) {
                double[] th = uniform(tf, steps);
                th[0] = t0;
                Outcome o = evaluate(clips, th, glanceMacs, stepMacs);
                all.add(o);
                best = Math.max(best, o.accuracy());
            }
        }
        double target = Math.min(best, Math.max(best - tolerance, floor));
        Outcome chosen = null;
        for (Outcome o : all) {
            if (o.accuracy() >= target - 1e-12
                    && (chosen == null
                            || o.macsPerClip() < chosen.macsPerClip()
                            || (o.macsPerClip() == chosen.macsPerClip() && o.accuracy() > chosen.accuracy()))) {
                chosen = o;
            }
        }
        return chosen;
    }

    private static double[] uniform(double t, int steps) {
        double[] th = new double[steps + 1];
        java.util.Arrays.fill(th, t);
        th[steps] = 0.0;
        return th;
    }
}
