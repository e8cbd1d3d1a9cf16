package dev.saccade.models.external;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An external image classifier (ONNX or TorchScript) described by an {@link ExternalModelSpec}: BGR24 frames in,
 * top-k (label, probability) out. Loads the model once and holds one predictor, so an instance is not thread-safe:
 * open one per thread (e.g. per Flink subtask in {@code open()}) and close it.
 */
public final class ImageClassifier implements AutoCloseable {

    private final ZooModel<BgrImage, float[]> model;
    private final Predictor<BgrImage, float[]> predictor;
    private final List<String> labels;

    private ImageClassifier(ZooModel<BgrImage, float[]> model, List<String> labels) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.labels = labels;
    }

    /** Loads the model {@code spec} describes; relative paths in the spec resolve against {@code baseDir}. */
    public static ImageClassifier load(ExternalModelSpec spec, Path baseDir) throws IOException {
        spec.validateFiles(baseDir);
        Path labelsFile = spec.labelsFile(baseDir);
        List<String> labels = labelsFile == null ? List.of() : LabelFile.read(labelsFile);
        ZooModel<BgrImage, float[]> model = ExternalModelLoader.load(
                spec, baseDir, BgrImage.class, float[].class, new ImageClassifierTranslator(spec));
        try {
            return new ImageClassifier(model, labels);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Class names by index; empty when the spec has no labels file (labels are then the indices). */
    public List<String> labels() {
        return labels;
    }

    /** Probability per class for one BGR24 frame. */
    public float[] probabilities(byte[] bgr, int width, int height) {
        float[] p;
        try {
            p = predictor.predict(new BgrImage(bgr, width, height));
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
        if (!labels.isEmpty() && p.length != labels.size()) {
            throw new IllegalStateException(
                    "model returned " + p.length + " classes but the labels file has " + labels.size());
        }
        return p;
    }

    /** The {@code k} most probable classes, most probable first. */
    public List<ClassScore> classify(byte[] bgr, int width, int height, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] p = probabilities(bgr, width, height);
        List<ClassScore> top = new ArrayList<>(Math.min(k, p.length));
        IntStream.range(0, p.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed())
                .limit(k)
                .forEach(i -> top.add(new ClassScore(label(i), i, p[i])));
        return top;
    }

    private String label(int index) {
        return labels.isEmpty() ? Integer.toString(index) : labels.get(index);
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
