package dev.saccade.models.external;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Per-thread and per-process settings that keep DJL inference lean on shared CPUs.
 *
 * <p>Process-wide, before the engines load (they cannot be changed afterwards): environment
 * {@code OMP_WAIT_POLICY=PASSIVE}, so idle OpenMP workers of PyTorch sleep instead of spinning on the cores Flink's
 * other tasks need; system property {@code ai.djl.pytorch.num_threads} (intra-op) and
 * {@code ai.djl.pytorch.num_interop_threads} to bound PyTorch's pools; {@code -Dai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} so nothing is downloaded or reported; {@code -Xss2m} because the native engines run
 * on the calling Java thread's stack.
 */
public final class EngineHygiene {

    private EngineHygiene() {}

    /**
     * Call once on every thread that runs PyTorch inference, before its first forward: autograd's grad mode is a
     * thread-local flag in libtorch, and with it on every forward records a graph for a backward pass that never comes.
     */
    public static void configureInferenceThread() {
        Engine.getEngine("PyTorch"); // loads libtorch before the first JNI call; a no-op once loaded
        JniUtils.setGradMode(false);
    }
}
