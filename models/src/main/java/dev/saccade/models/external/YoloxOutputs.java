package dev.saccade.models.external;

import java.util.ArrayList;
import java.util.List;

/** YOLOX's raw head output of one image to detections in frame pixels: grid decode, per-class NMS, un-letterbox. */
final class YoloxOutputs {
    private final YoloxDecoder decoder;
    private final List<String> labels;
    private final float scoreThreshold;
    private final float iouThreshold;

    YoloxOutputs(ExternalModelSpec spec, List<String> labels, float scoreThreshold, float iouThreshold) {
        this.decoder = new YoloxDecoder(spec.inputWidth(), spec.inputHeight(), YoloxDecoder.STANDARD_STRIDES);
        this.labels = labels;
        this.scoreThreshold = scoreThreshold;
        this.iouThreshold = iouThreshold;
    }

    /** The detections of one image whose raw output is {@code raw}. */
    List<Detection> detections(float[] raw, InputLayout layout) {
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
