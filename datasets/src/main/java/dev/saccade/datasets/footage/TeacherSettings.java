package dev.saccade.datasets.footage;

import java.nio.file.Path;

/**
 * The teacher detector and how its detections become clip labels: the ONNX model and its labels file, its input size
 * and thresholds, the clip length and the clip rule. Every field is part of the label cache's key.
 */
public record TeacherSettings(
        Path model,
        Path labels,
        int inputSize,
        float scoreThreshold,
        float iouThreshold,
        int clipLength,
        ClipRule rule) {

    /** YOLOX-nano from a data folder laid out as ../shared/data is, at 416x416, with the default clip rule. */
    public static TeacherSettings yoloxNano(Path dataDir, int clipLength) {
        return new TeacherSettings(
                dataDir.resolve("models/yolox/yolox_nano.onnx"),
                dataDir.resolve("models/yolox/coco_classes.txt"),
                416,
                0.3f,
                0.45f,
                clipLength,
                ClipRule.forClipLength(clipLength));
    }

    /** The settings as one line, for cache keys and manifests. */
    public String describe() {
        return String.format(
                "teacher=%s input=%d score=%.2f iou=%.2f clip=%d min_frames=%d min_score=%.2f",
                model.getFileName(),
                inputSize,
                scoreThreshold,
                iouThreshold,
                clipLength,
                rule.minFrames(),
                rule.minScore());
    }
}
