package dev.saccade.models.cascade;

/** Every exit's class probabilities for one clip, for calibrating thresholds without re-running the networks. */
public record ScoredClip(int label, float[] exit0, float[][] focus) {}
