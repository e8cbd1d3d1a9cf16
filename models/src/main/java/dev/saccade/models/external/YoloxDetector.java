package dev.saccade.models.external;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A YOLOX detector (ONNX export with raw head output) on BGR24 frames: letterbox, forward, grid decode, per-class NMS,
 * boxes in the frame's pixels. Loads the model once and holds one predictor, so an instance is not thread-safe: open
 * one per thread and close it.
 */
public final class YoloxDetector implements BatchDetector {

    public static final float DEFAULT_SCORE_THRESHOLD = 0.3f;
    public static final float DEFAULT_IOU_THRESHOLD = 0.45f;

    private final ZooModel<BgrImage, List<Detection>> model;
    private final Predictor<BgrImage, List<Detection>> predictor;

    private YoloxDetector(ZooModel<BgrImage, List<Detection>> model) {
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** The pre-processing of the official YOLOX exports: BGR, raw 0-255, square letterbox padded with 114. */
    public static ExternalModelSpec standardSpec(String modelPath, String labelsPath, int inputSize) {
        return new ExternalModelSpec(
                ExternalModelSpec.ONNX_RUNTIME,
                modelPath,
                List.of(),
                inputSize,
                inputSize,
                ExternalModelSpec.ChannelOrder.BGR,
                1.0,
                null,
                null,
                ExternalModelSpec.TensorType.FLOAT32,
                ExternalModelSpec.ResizeMode.LETTERBOX,
                114,
                ExternalModelSpec.Interpolation.BILINEAR,
                labelsPath);
    }

    /** Loads with the default thresholds (score 0.3, IoU 0.45). */
    public static YoloxDetector load(ExternalModelSpec spec, Path baseDir) throws IOException {
        return load(spec, baseDir, DEFAULT_SCORE_THRESHOLD, DEFAULT_IOU_THRESHOLD);
    }

    /** Loads the model {@code spec} describes; relative paths in the spec resolve against {@code baseDir}. */
    public static YoloxDetector load(ExternalModelSpec spec, Path baseDir, float scoreThreshold, float iouThreshold)
            throws IOException {
        checkThresholds(scoreThreshold, iouThreshold);
        spec.validateFiles(baseDir);
        Path labelsFile = spec.labelsFile(baseDir);
        List<String> labels = labelsFile == null ? List.of() : LabelFile.read(labelsFile);
        @SuppressWarnings("unchecked")
        Class<List<Detection>> output = (Class<List<Detection>>) (Class<?>) List.class;
        ZooModel<BgrImage, List<Detection>> model = ExternalModelLoader.load(
                spec, baseDir, BgrImage.class, output, new YoloxTranslator(spec, labels, scoreThreshold, iouThreshold));
        try {
            return new YoloxDetector(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Refuses a score or IoU threshold outside (0, 1]. */
    static void checkThresholds(float scoreThreshold, float iouThreshold) {
        if (!(scoreThreshold > 0f && scoreThreshold <= 1f) || !(iouThreshold > 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException(
                    "thresholds must be in (0, 1], got score " + scoreThreshold + " and IoU " + iouThreshold);
        }
    }

    /** Objects in one BGR24 frame, best first within each class. */
    public List<Detection> detect(byte[] bgr, int width, int height) {
        try {
            return predictor.predict(new BgrImage(bgr, width, height));
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    /** Frame by frame: the ONNX export's batch is fixed at 1. */
    @Override
    public List<List<Detection>> detect(List<BgrImage> frames) {
        List<List<Detection>> out = new java.util.ArrayList<>(frames.size());
        for (BgrImage f : frames) {
            out.add(detect(f.bgr(), f.width(), f.height()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "onnxruntime cpu";
    }

    @Override
    public void close() {
        try {
            predictor.close();
        } finally {
            model.close();
        }
    }
}
