package dev.saccade.models.external;

/** A detected object: class, score, and box (top-left x, y and size) in the original frame's pixels. */
public record Detection(String label, int classIndex, float score, float x, float y, float width, float height) {}
