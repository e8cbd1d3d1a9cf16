package dev.saccade.models.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;

/**
 * Runs {@link OneDnnGuard} when DJL's {@code Engine} class initialises, which is before any engine loads its native
 * library, in every JVM that has the models on its classpath (tests, the CLI, TaskManagers, the image). It is no
 * engine of its own: its rank keeps it from ever being the default, and asking for it gives PyTorch.
 */
public final class GuardEngineProvider implements EngineProvider {
    public static final String NAME = "SaccadeOneDnnGuard";

    public GuardEngineProvider() {
        OneDnnGuard.ensure();
    }

    @Override
    public String getEngineName() {
        return NAME;
    }

    @Override
    public int getEngineRank() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Engine getEngine() {
        return Inference.engine();
    }
}
