package dev.saccade.models.external;

/** One class of a classifier's answer with its probability. */
public record ClassScore(String label, int classIndex, float probability) {}
