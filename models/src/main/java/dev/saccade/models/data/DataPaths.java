package dev.saccade.models.data;

import java.nio.file.Path;

/** Where the real data (footage, pretrained models) lives unless a command or option says otherwise. */
public final class DataPaths {
    private DataPaths() {}

    /** {@code SACCADE_DATA}, else {@code ../shared/data} beside the checkout the launcher runs from. */
    public static Path dataDir() {
        String env = System.getenv("SACCADE_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("saccade.home", "."), "..", "shared", "data")
                .toAbsolutePath()
                .normalize();
    }
}
