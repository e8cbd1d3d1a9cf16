package dev.saccade.datasets.footage;

import java.nio.file.Path;

/** Where real data and the teacher's label cache live unless a command says otherwise. */
public final class FootagePaths {
    private FootagePaths() {}

    /** {@code SACCADE_DATA}, else {@code ../shared/data} beside the checkout the launcher runs from. */
    public static Path dataDir() {
        return dev.saccade.models.data.DataPaths.dataDir();
    }

    /** {@code SACCADE_CACHE/teacher}, else {@code ~/.cache/saccade/teacher}: labels are keyed by video hash. */
    public static Path teacherCache() {
        String env = System.getenv("SACCADE_CACHE");
        Path root = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "saccade");
        return root.resolve("teacher");
    }
}
