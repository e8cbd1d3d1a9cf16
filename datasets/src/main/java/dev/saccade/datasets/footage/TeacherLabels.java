package dev.saccade.datasets.footage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher's labels of one video: every frame's boxes and every clip's label, with the video's hash and the
 * settings that made them. Stored as {@code frames.jsonl}, {@code clips.jsonl} and {@code meta.json} in a directory.
 */
public record TeacherLabels(Meta meta, List<TeacherFrame> frames, List<TeacherClip> clips) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the labels came from. */
    public record Meta(
            @JsonProperty("video") String video,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("settings") String settings,
            @JsonProperty("width") int width,
            @JsonProperty("height") int height,
            @JsonProperty("fps") double fps,
            @JsonProperty("frames") int frames,
            @JsonProperty("teacher_macs_per_frame") long teacherMacsPerFrame,
            @JsonProperty("seconds") double seconds,
            @JsonProperty("teacher_runtime") String teacherRuntime) {}

    /** Clips of {@code t} consecutive frames, the last partial one dropped, labelled by {@code rule}. */
    public static List<TeacherClip> clips(List<TeacherFrame> frames, int t, ClipRule rule) {
        List<TeacherClip> clips = new ArrayList<>();
        for (int c = 0; (c + 1) * t <= frames.size(); c++) {
            clips.add(rule.apply(c, frames.subList(c * t, (c + 1) * t)));
        }
        return clips;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeLines(dir.resolve("frames.jsonl"), frames, null);
        writeLines(dir.resolve("clips.jsonl"), clips, null);
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("meta.json").toFile(), meta);
    }

    /** Appends each item as one JSON line, with a {@code video} field first where given. */
    public static void writeLines(Path file, List<?> items, String video) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(
                file,
                java.nio.file.StandardOpenOption.CREATE,
                video == null
                        ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING
                        : java.nio.file.StandardOpenOption.APPEND)) {
            for (Object item : items) {
                ObjectNode node = JSON.createObjectNode();
                if (video != null) {
                    node.put("video", video);
                }
                node.setAll((ObjectNode) JSON.valueToTree(item));
                w.write(JSON.writeValueAsString(node));
                w.newLine();
            }
        }
    }

    /** The labels stored in {@code dir}, or null where it holds none for this video hash and these settings. */
    public static TeacherLabels readIfMatches(Path dir, String sha256, String settings) throws IOException {
        Path metaFile = dir.resolve("meta.json");
        if (!Files.isRegularFile(metaFile)) {
            return null;
        }
        Meta meta = JSON.readValue(metaFile.toFile(), Meta.class);
        if (!meta.sha256().equals(sha256) || !meta.settings().equals(settings)) {
            return null;
        }
        return new TeacherLabels(
                meta,
                readLines(dir.resolve("frames.jsonl"), TeacherFrame.class),
                readLines(dir.resolve("clips.jsonl"), TeacherClip.class));
    }

    private static <T> List<T> readLines(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readValue(line, type));
            }
        }
        return out;
    }
}
