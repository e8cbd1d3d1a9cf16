package dev.saccade.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The build outputs a local cluster runs from, all in {@code job/target}: the Maven-resolved classpaths the launcher
 * also uses, the jars only the cluster needs ({@code cluster-lib/}), and the shaded job jar that is submitted.
 */
public final class JobArtifacts {
    private final Path targetDir;

    public JobArtifacts(Path targetDir) {
        this.targetDir = targetDir.toAbsolutePath().normalize();
    }

    /** {@code job/target} of the checkout that runs: from the launcher's saccade.home, or the working directory. */
    public static JobArtifacts locate() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("saccade.home");
        if (home != null) {
            candidates.add(Path.of(home, "job", "target"));
        }
        // surefire runs in a module directory (job's sibling), ./saccade in the checkout
        candidates.add(Path.of("..", "job", "target"));
        candidates.add(Path.of("job", "target"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("classpath.txt"))) {
                return new JobArtifacts(p);
            }
        }
        throw new IllegalStateException("No job/target/classpath.txt under " + candidates
                + ": build first (mvn -DskipTests package, or any ./saccade command)");
    }

    public Path targetDir() {
        return targetDir;
    }

    /**
     * The JVM classpath of every cluster process: the job module's provided and runtime classpaths (Flink, logging,
     * DJL, JavaCPP and their natives), plus {@code cluster-lib/} (Flink's web UI), without what the submitted jar
     * brings itself: the project's own modules, and the Flink connectors and formats it bundles. Flink loads every
     * {@code org.apache.flink.} class parent-first, so a Kafka connector on this classpath would be paired with the
     * jar's own kafka-clients and fail with a loader constraint violation.
     */
    public List<Path> clusterClasspath() {
        Set<Path> provided = entries("classpath-provided.txt");
        Set<Path> entries = new LinkedHashSet<>(provided);
        for (Path p : entries("classpath.txt")) {
            if (!isProjectModule(p) && !isBundledFlinkModule(p)) {
                entries.add(p);
            }
        }
        Path lib = targetDir.resolve("cluster-lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(entries);
    }

    /** The shaded jar {@code submit} sends (main class {@code SaccadeJob}); the newest if several versions lie there. */
    public Path jobJar() {
        try (Stream<Path> files = Files.list(targetDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-flink-job.jar"))
                    .max(Comparator.comparingLong(JobArtifacts::modified))
                    .orElseThrow(() -> new IllegalStateException(
                            "No *-flink-job.jar in " + targetDir + ": build it with mvn -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<Path> entries(String file) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : read(targetDir.resolve(file)).split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.isRegularFile(Path.of(entry.trim()))) {
                out.add(Path.of(entry.trim()));
            }
        }
        return out;
    }

    // a Flink artifact the job needs at runtime but the cluster does not provide: it travels in the shaded jar
    static boolean isBundledFlinkModule(Path p) {
        return p.toString().replace(File.separatorChar, '/').contains("/org/apache/flink/");
    }

    // saccade-* jars of this build (reactor or ~/.m2) and target/classes directories are the job's own code
    static boolean isProjectModule(Path p) {
        return p.getFileName().toString().startsWith("saccade-") || Files.isDirectory(p);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
