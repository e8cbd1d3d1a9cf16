package dev.saccade.models.data;

/** One clip of the synthetic workload: which background (seed), which clip of it, and its label. */
public record ClipRef(long seed, int clipIndex, int label) {}
