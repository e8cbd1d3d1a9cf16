package dev.saccade.job.command;

import java.nio.file.Path;

/** Where the shipped model bundles live: under the checkout the launcher runs from. */
public final class ModelPaths {
    private ModelPaths() {}

    public static Path defaultBundle() {
        String home = System.getProperty("saccade.home", ".");
        return Path.of(home, "models", "bundle");
    }

    /** The shipped bundle distilled from the teacher on real footage: the default for real cameras. */
    public static Path footageBundle() {
        String home = System.getProperty("saccade.home", ".");
        return Path.of(home, "models", "footage-bundle");
    }

    /**
     * One PyTorch thread per operator call in the streaming job: Flink already runs a subtask per slot, and intra-op
     * threads on top of that only fight over the same cores.
     */
    public static void configurePipelineThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** Threads for PyTorch, set before the engine loads: explicit counts avoid stalls on busy small machines. */
    public static void configureEngineThreads() {
        String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", cores);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
