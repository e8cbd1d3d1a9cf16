package dev.saccade.operators.motion;

import dev.saccade.operators.types.Clip;
import java.util.List;

/**
 * The cheapest stage: a clip is 'motion' when enough of its frame pairs changed. Confidence grows with the distance
 * of the moving share from the decision ratio, so clear cases score near 1 and borderline ones near 0.5.
 */
public final class MotionClassifier {
    public static final String STATIC = "static";
    public static final String MOTION = "motion";
    public static final List<String> LABELS = List.of(STATIC, MOTION);
    /** Steepness of the confidence curve around the decision ratio. */
    private static final double SHARPNESS = 12.0;

    private final double minChangedFraction;
    private final double movingFrameRatio;

    public MotionClassifier(double minChangedFraction, double movingFrameRatio) {
        this.minChangedFraction = minChangedFraction;
        this.movingFrameRatio = movingFrameRatio;
    }

    public MotionDecision classify(Clip clip) {
        int compared = 0;
        int moving = 0;
        for (int i = 0; i < clip.changedFractions.length; i++) {
            if (clip.firstFrames[i]) {
                continue; // a stream's first frame has no predecessor: no evidence either way
            }
            compared++;
            if (clip.changedFractions[i] > minChangedFraction) {
                moving++;
            }
        }
        if (compared == 0) {
            // nothing to compare (a one-frame clip at a stream's start): undecided, so lean static at even odds
            return new MotionDecision(STATIC, 0, 0.5f, 0f, 0, 0);
        }
        double share = (double) moving / compared;
        double pMotion = 1.0 / (1.0 + Math.exp(-SHARPNESS * (share - movingFrameRatio)));
        // fewer compared pairs carry less evidence: shrink towards 0.5
        double weight = Math.min(1.0, compared / 8.0);
        pMotion = 0.5 + (pMotion - 0.5) * weight;
        boolean isMotion = share >= movingFrameRatio;
        float confidence = (float) (isMotion ? Math.max(pMotion, 0.5) : Math.max(1 - pMotion, 0.5));
        return new MotionDecision(
                isMotion ? MOTION : STATIC, isMotion ? 1 : 0, confidence, (float) share, moving, compared);
    }
}
