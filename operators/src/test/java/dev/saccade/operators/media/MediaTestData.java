package dev.saccade.operators.media;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real-footage test data and skips the calling test when it is absent (e.g. a fresh clone). */
final class MediaTestData {

    private MediaTestData() {}

    static Path dataDir() {
        return Path.of(System.getProperty("saccade.data.dir", "../shared/data"));
    }

    /** Returns the file under the data directory, or aborts the test (skipped, not failed) when it is missing. */
    static Path require(String relative) {
        Path file = dataDir().resolve(relative);
        assumeTrue(
                Files.isRegularFile(file),
                () -> "skipped: test data " + file.toAbsolutePath()
                        + " not found; set -Dsaccade.data.dir to the shared data folder (see its MANIFEST.md)");
        return file;
    }

    /** Resident set size of this JVM in MiB, or -1 where /proc is not available. */
    static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // Non-Linux: the soak test still runs, it just cannot check memory.
        }
        return -1;
    }

    /**
     * Resident memory outside the Java heap: RSS less the heap's committed size, so that the heap growing under a
     * loop's garbage on a busy machine does not read as native memory (-1 where RSS is unknown).
     */
    static long nativeRssMiB() {
        long rss = rssMiB();
        if (rss < 0) {
            return -1;
        }
        long heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage()
                .getCommitted();
        return rss - heap / (1024 * 1024);
    }
}
