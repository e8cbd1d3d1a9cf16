/**
 * Deterministic synthetic fixed-camera scenes with ground truth: the demo's live feed and the labelled training
 * workload. Start at {@link dev.saccade.scenes.SceneGenerator}.
 *
 * <p>Determinism across machines rests on three rules kept throughout the package: randomness comes only from the
 * package's own SplitMix64 streams, transcendental functions go through {@link java.lang.StrictMath} (whose results
 * are specified bit for bit, unlike {@link java.lang.Math}'s), and floating-point arithmetic is strict (Java 17+).
 */
package dev.saccade.scenes;
