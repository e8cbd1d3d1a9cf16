package dev.saccade.models.external;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Translator of {@link ImageClassifier}: frame in, class probabilities out (softmax applied where the model's output
 * is not already a probability distribution).
 */
final class ImageClassifierTranslator implements Translator<BgrImage, float[]> {

    /** Fp16 probabilities over 1000 classes sum to 1 only within about 1e-3; logits almost never pass this. */
    private static final double DISTRIBUTION_TOLERANCE = 0.02;

    private final ImagePreprocessor preprocessor;

    ImageClassifierTranslator(ExternalModelSpec spec) {
        this.preprocessor = new ImagePreprocessor(spec);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, BgrImage image) {
        return new NDList(preprocessor.toInput(ctx.getNDManager(), image));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.get(0);
        float[] scores = out.getDataType() == DataType.FLOAT32
                ? out.toFloatArray()
                : out.toType(DataType.FLOAT32, false).toFloatArray();
        return isDistribution(scores) ? scores : softmax(scores);
    }

    /** The pre-processing already adds the batch axis; DJL's default STACK batchifier would add another. */
    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    static boolean isDistribution(float[] values) {
        double sum = 0;
        for (float v : values) {
            if (!(v >= 0f && v <= 1f)) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1.0) <= DISTRIBUTION_TOLERANCE;
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
