package dev.saccade.models.external;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/** Translator of {@link YoloxDetector}: letterboxed frame in, decoded and suppressed detections in frame pixels out. */
final class YoloxTranslator implements Translator<BgrImage, List<Detection>> {

    private static final String LAYOUT = "layout";

    private final ImagePreprocessor preprocessor;
    private final YoloxOutputs outputs;

    YoloxTranslator(ExternalModelSpec spec, List<String> labels, float scoreThreshold, float iouThreshold) {
        this.preprocessor = new ImagePreprocessor(spec);
        this.outputs = new YoloxOutputs(spec, labels, scoreThreshold, iouThreshold);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, BgrImage image) {
        ctx.setAttachment(LAYOUT, preprocessor.layout(image));
        return new NDList(preprocessor.toInput(ctx.getNDManager(), image));
    }

    @Override
    public List<Detection> processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.get(0);
        float[] raw = out.getDataType() == DataType.FLOAT32
                ? out.toFloatArray()
                : out.toType(DataType.FLOAT32, false).toFloatArray();
        return outputs.detections(raw, (InputLayout) ctx.getAttachment(LAYOUT));
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }
}
