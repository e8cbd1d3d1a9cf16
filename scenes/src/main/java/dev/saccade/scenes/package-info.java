/**
 * Deterministic synthetic fixed-camera scenes with ground truth: the demo's live feed and the labelled training
 * workload. Start at {@link dev.saccade.scenes.SceneGenerator}.
 */
package dev.saccade.scenes;
