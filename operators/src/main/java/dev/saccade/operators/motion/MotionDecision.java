package dev.saccade.operators.motion;

/** The motion detector's verdict on a clip: label, its probability-like confidence, and the evidence. */
public record MotionDecision(
        String label, int labelIndex, float confidence, float motionScore, int movingPairs, int comparedPairs) {}
