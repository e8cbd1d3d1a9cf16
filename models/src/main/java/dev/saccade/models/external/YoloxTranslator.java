package dev.saccade.models.external;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/** Translator of {@link YoloxDetector}: letterboxed frame in, decoded and suppressed detections in frame pixels out. */
final class YoloxTranslator implements Translator<BgrImage, List<Detection>> {

    private static final String LAYOUT = "layout";

    private final ImagePreprocessor preprocessor;
    private final YoloxDecoder decoder;
    private final List<String> labels;
    private final float scoreThreshold;
    private final float iouThreshold;

    YoloxTranslator(ExternalModelSpec spec, List<String> labels, float scoreThreshold, float iouThreshold) {
        this.preprocessor = new ImagePreprocessor(spec);
        this.decoder = new YoloxDecoder(spec.inputWidth(), spec.inputHeight(), YoloxDecoder.STANDARD_STRIDES);
        this.labels = labels;
        this.scoreThreshold = scoreThreshold;
        this.iouThreshold = iouThreshold;
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
        InputLayout layout = (InputLayout) ctx.getAttachment(LAYOUT);
        List<ScoredBox> kept = Nms.perClass(decoder.decode(raw, scoreThreshold), iouThreshold);
        List<Detection> detections = new ArrayList<>(kept.size());
        for (ScoredBox b : kept) {
            Detection d = toFrame(b, layout);
            if (d != null) {
                detections.add(d);
            }
        }
        return detections;
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    /** Maps a box from input to frame pixels, clipped to the frame; null when nothing of it is inside the frame. */
    private Detection toFrame(ScoredBox b, InputLayout layout) {
        float x1 = clamp(layout.toSourceX(b.x1()), layout.sourceWidth());
        float y1 = clamp(layout.toSourceY(b.y1()), layout.sourceHeight());
        float x2 = clamp(layout.toSourceX(b.x2()), layout.sourceWidth());
        float y2 = clamp(layout.toSourceY(b.y2()), layout.sourceHeight());
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        String label = b.classIndex() < labels.size() ? labels.get(b.classIndex()) : Integer.toString(b.classIndex());
        return new Detection(label, b.classIndex(), b.score(), x1, y1, x2 - x1, y2 - y1);
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }
}
