package dev.saccade.models.train;

import dev.saccade.models.data.WorkloadSize;

/** How long and how hard each training stage runs; quick fits in a few minutes on two cores. */
public record TrainSettings(
    boolean quick,
    long seed,
    int clipLength,
    int focusSteps,
    WorkloadSize workload,
    int glanceEpochs,
    int denseEpochs,
    int focusEpochs,
    int denseClips,
    int glanceBatch,
    int denseBatch,
    int focusBatch,
    float learningRate) {

  public static TrainSettings full(long seed) {
    return new TrainSettings(false, seed, 8, 4, WorkloadSize.full(), 7, 3, 4, 1600, 16, 8, 16, 2e-3f);
  }

  public static TrainSettings quick(long seed) {
    return new TrainSettings(true, seed, 8, 4, WorkloadSize.quick(), 5, 5, 3, 300, 12, 6, 12, 3e-3f);
  }
}
