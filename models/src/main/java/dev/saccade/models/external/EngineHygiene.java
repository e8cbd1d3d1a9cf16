package dev.saccade.models.external;

import dev.saccade.models.engine.Inference;

/** The operators' name for {@link Inference#configureInferenceThread}; the engine settings are described there. */
public final class EngineHygiene {

    private EngineHygiene() {}

    /** Call once on every thread that runs PyTorch inference, before its first forward. */
    public static void configureInferenceThread() {
        Inference.configureInferenceThread();
    }
}
