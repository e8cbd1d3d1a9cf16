package dev.saccade.job.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Where a locally run job keeps its checkpoints, and the latest complete one a restart resumes from: a job killed
 * mid-clip comes back with its clips' frames and its Kafka offsets, so no frame is lost and no event repeated.
 */
public final class CheckpointResume {
    private CheckpointResume() {}

    /** The default folder: per consumer group, mode and stage, under SACCADE_STATE or ~/.local/state/saccade. */
    public static Path defaultDir(String groupId, String mode, String stage) {
        String env = System.getenv("SACCADE_STATE");
        Path root = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".local", "state", "saccade");
        return root.resolve("checkpoints").resolve(groupId + "-" + mode + "-" + stage);
    }

    /** The newest complete checkpoint (a chk-N folder with its _metadata) under {@code dir}, at any depth up to 2. */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> found = Files.find(
                dir,
                3,
                (p, a) -> a.isRegularFile()
                        && p.getFileName().toString().equals("_metadata")
                        && p.getParent().getFileName().toString().startsWith("chk-"))) {
            return found.max(Comparator.comparing(CheckpointResume::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir, e);
        }
    }

    /** Checkpoints into {@code dir}, kept when the job stops, and the restore path when there is one. */
    public static void configure(Configuration conf, Path dir, Optional<Path> resumeFrom) {
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        resumeFrom.ifPresent(
                p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
