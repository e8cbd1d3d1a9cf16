package dev.saccade.cli;

import dev.saccade.datasets.footage.FootagePaths;
import dev.saccade.datasets.footage.TeacherClip;
import dev.saccade.datasets.footage.TeacherLabeler;
import dev.saccade.datasets.footage.TeacherLabels;
import dev.saccade.datasets.footage.TeacherRuntime;
import dev.saccade.datasets.footage.TeacherSettings;
import dev.saccade.job.command.OptionChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Labels real footage with the teacher detector: boxes per frame, tracks, and a label and counts per clip. */
@Command(
        name = "label",
        mixinStandardHelpOptions = true,
        description = "Runs the teacher detector (YOLOX-nano, COCO) on every frame of each video at full resolution, "
                + "associates boxes into tracks and labels each clip of --clip-length frames: none, person, vehicle "
                + "or person+vehicle, a group present when detected in at least 3 of 8 frames. Writes "
                + "DIR/frames.jsonl (per frame: video, index, time, boxes with class, score and track), "
                + "DIR/clips.jsonl (per clip: video, clip, first_frame, last_frame, label, counts, focus boxes) and "
                + "DIR/meta.json. Labels are cached by video hash and settings (SACCADE_CACHE, default "
                + "~/.cache/saccade). The teacher runs frame by frame on ONNX Runtime, or batched through PyTorch on a "
                + "CPU or GPU (--teacher-engine, --teacher-device, --teacher-batch).")
public final class LabelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, split = ",", description = "Video files, comma-separated.")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "Directory for frames.jsonl, clips.jsonl, meta.json.")
    Path out;

    @Option(
            names = "--data",
            description = "Folder with models/yolox (default: SACCADE_DATA, else ../shared/data beside the checkout).")
    Path data;

    @Option(names = "--clip-length", defaultValue = "8", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
    int clipLength;

    @Mixin
    TeacherRuntimeMixin teacherRuntime;

    @Override
    public Integer call() throws Exception {
        for (Path v : inputs) {
            if (!Files.isRegularFile(v)) {
                throw new ParameterException(spec.commandLine(), "--input " + v + " is not a file");
            }
        }
        OptionChecks.between(spec.commandLine(), "--clip-length", clipLength, 4, 64);
        TeacherSettings settings = TeacherSettings.yoloxNano(data != null ? data : FootagePaths.dataDir(), clipLength);
        if (!Files.isRegularFile(settings.model())) {
            System.err.println("saccade label: teacher model " + settings.model()
                    + " not found (set --data or SACCADE_DATA to a folder with models/yolox)");
            return 2;
        }
        TeacherRuntime runtime = teacherRuntime.runtime();
        TeacherLabeler labeler =
                new TeacherLabeler(settings, FootagePaths.teacherCache(), System.err::println, runtime);
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("frames.jsonl"));
        Files.deleteIfExists(out.resolve("clips.jsonl"));
        List<TeacherLabels.Meta> metas = new ArrayList<>();
        for (Path v : inputs) {
            TeacherLabels labels = labeler.labels(v);
            String name = v.getFileName().toString();
            TeacherLabels.writeLines(out.resolve("frames.jsonl"), labels.frames(), name);
            TeacherLabels.writeLines(out.resolve("clips.jsonl"), labels.clips(), name);
            metas.add(labels.meta());
            Map<String, Integer> byLabel = new TreeMap<>();
            for (TeacherClip c : labels.clips()) {
                byLabel.merge(c.label(), 1, Integer::sum);
            }
            System.err.printf(
                    "label: %s: %d frames, %d clips %s%n",
                    name, labels.frames().size(), labels.clips().size(), byLabel);
        }
        new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("meta.json").toFile(), metas);
        System.err.println("label: wrote " + out.resolve("frames.jsonl") + " and " + out.resolve("clips.jsonl"));
        return 0;
    }
}
