package dev.saccade.models.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * The one place that talks to the engine's per-thread state: which engine Saccade runs, autograd's grad mode, the
 * engine's intra-op thread count, and the base managers that own NDArrays. Main code asks this class instead of
 * calling {@code JniUtils} or {@code NDManager.newBaseManager} itself.
 *
 * <p>Grad mode is a thread-local flag in libtorch: with it on, every forward records a graph for a backward pass
 * that never comes. Inference turns it off ({@link #configureInferenceThread} once per operator thread,
 * {@link #gradientsOff} at the top of any entry point that may run on a thread nobody configured); training turns it
 * on only inside {@link #withGradients}.
 *
 * <p>Process-wide, before the engines load (they cannot be changed afterwards): environment
 * {@code OMP_WAIT_POLICY=PASSIVE}, so idle OpenMP workers of PyTorch sleep instead of spinning on the cores Flink's
 * other tasks need; system property {@code ai.djl.pytorch.num_threads} (intra-op) and
 * {@code ai.djl.pytorch.num_interop_threads} to bound PyTorch's pools; {@code -Dai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} so nothing is downloaded or reported; {@code -Xss2m} because the native engines run
 * on the calling Java thread's stack.
 */
public final class Inference {
    /** The engine every built-in network runs on. */
    public static final String ENGINE = "PyTorch";

    private Inference() {}

    /** The engine, loaded on first use. */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * Call once on every thread that runs PyTorch inference, before its first forward: loads libtorch (a no-op once
     * loaded) and turns grad mode off on this thread.
     */
    public static void configureInferenceThread() {
        engine(); // loads libtorch before the first JNI call
        gradientsOff();
    }

    /** Turns grad mode off on this thread: what every inference entry point does before its forwards. */
    public static void gradientsOff() {
        JniUtils.setGradMode(false);
    }

    /** Grad mode off on this thread until {@link NoGradients#close}, which restores what it was. */
    public static NoGradients noGradients() {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGradients(was);
    }

    /** A scope of inference on a thread that may be training: closing it restores the thread's grad mode. */
    public static final class NoGradients implements AutoCloseable {
        private final boolean was;

        private NoGradients(boolean was) {
            this.was = was;
        }

        @Override
        public void close() {
            JniUtils.setGradMode(was);
        }
    }

    /**
     * A training step's scope: the trainer's gradient collector, which turns grad mode on for this thread until it is
     * closed and then restores it (off, for training loops that start from {@link #gradientsOff}).
     */
    public static GradientCollector withGradients(Trainer trainer) {
        return trainer.newGradientCollector();
    }

    /** The engine's intra-op thread count. */
    public static int engineThreads() {
        return JniUtils.getNumThreads();
    }

    /** Sets the engine's intra-op thread count. */
    public static void setEngineThreads(int threads) {
        JniUtils.setNumThreads(threads);
    }

    /** A base manager on the engine's default device. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(ENGINE);
    }

    /** A base manager on {@code device} (null: the engine's default device). */
    public static NDManager newManager(Device device) {
        return NDManager.newBaseManager(device, ENGINE);
    }
}
