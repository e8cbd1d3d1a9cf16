package dev.saccade.models.external;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real-data folder (never committed) and skips tests where it is absent. */
public final class SharedData {

    private SharedData() {}

    /** {@code -Dsaccade.data.dir} (surefire passes it), else ../shared/data relative to the working directory. */
    public static Path dir() {
        String configured = System.getProperty("saccade.data.dir");
        return Path.of(configured != null && !configured.isBlank() ? configured : "../shared/data")
                .toAbsolutePath()
                .normalize();
    }

    /** The file at {@code relative} under the data folder; aborts (skips) the calling test when it is missing. */
    public static Path require(String relative) {
        Path file = dir().resolve(relative);
        assumeTrue(
                Files.isRegularFile(file),
                () -> "skipped: shared test data " + file
                        + " is absent (real models and footage live beside the checkout; set -Dsaccade.data.dir)");
        return file;
    }
}
