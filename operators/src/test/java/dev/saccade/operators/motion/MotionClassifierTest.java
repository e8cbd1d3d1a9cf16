package dev.saccade.operators.motion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.types.Clip;
import org.junit.jupiter.api.Test;

class MotionClassifierTest {
    private final MotionClassifier classifier = new MotionClassifier(0.005, 0.3);

    private static Clip clip(double... fractions) {
        Clip c = new Clip();
        c.changedFractions = fractions;
        c.firstFrames = new boolean[fractions.length];
        c.sequences = new long[fractions.length];
        return c;
    }

    @Test
    void stillClipIsStaticWithHighConfidence() {
        MotionDecision d = classifier.classify(clip(new double[16]));
        assertThat(d.label()).isEqualTo("static");
        assertThat(d.labelIndex()).isZero();
        assertThat(d.confidence()).isGreaterThan(0.95f);
    }

    @Test
    void clipMovingThroughoutIsMotionWithHighConfidence() {
        double[] f = new double[16];
        java.util.Arrays.fill(f, 0.05);
        MotionDecision d = classifier.classify(clip(f));
        assertThat(d.label()).isEqualTo("motion");
        assertThat(d.movingPairs()).isEqualTo(16);
        assertThat(d.confidence()).isGreaterThan(0.95f);
    }

    @Test
    void borderlineClipIsLessConfident() {
        double[] f = new double[16];
        for (int i = 0; i < 5; i++) {
            f[i] = 0.05; // 5/16 = 0.31 moving, just over the ratio
        }
        MotionDecision d = classifier.classify(clip(f));
        assertThat(d.label()).isEqualTo("motion");
        assertThat(d.confidence()).isBetween(0.5f, 0.7f);
    }

    @Test
    void firstFrameOfAStreamIsNoEvidence() {
        Clip c = clip(0.0);
        c.firstFrames[0] = true;
        MotionDecision d = classifier.classify(c);
        assertThat(d.comparedPairs()).isZero();
        assertThat(d.confidence()).isEqualTo(0.5f);
    }

    @Test
    void changeBelowTheMinimumFractionIsNotMotion() {
        double[] f = new double[16];
        java.util.Arrays.fill(f, 0.004);
        assertThat(classifier.classify(clip(f)).label()).isEqualTo("static");
    }
}
