package dev.saccade.broker;

import org.testcontainers.DockerClientFactory;

/** Helpers for choosing between the embedded broker and a Docker-backed one. */
public final class KafkaClusters {

    private KafkaClusters() {}

    /** Whether a Docker engine answers; never throws, so callers can use it in assumptions and conditions. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
