package dev.saccade.models.external;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes YOLOX's raw head output ([anchors, 5 + classes] per image, exported without in-graph decoding) into boxes
 * in model-input pixels: per anchor (cx, cy, w, h) are grid offsets and log sizes, the grids of every stride follow
 * each other row-major, smallest stride first.
 */
public final class YoloxDecoder {

    /** The strides of the standard YOLOX heads (P3, P4, P5). */
    public static final int[] STANDARD_STRIDES = {8, 16, 32};

    private final int inputWidth;
    private final int inputHeight;
    private final int[] strides;
    private final int anchors;

    public YoloxDecoder(int inputWidth, int inputHeight, int... strides) {
        if (strides.length == 0) {
            throw new IllegalArgumentException("at least one stride is needed");
        }
        int count = 0;
        for (int s : strides) {
            if (s <= 0 || inputWidth % s != 0 || inputHeight % s != 0) {
                throw new IllegalArgumentException(
                        "input " + inputWidth + "x" + inputHeight + " is not a multiple of stride " + s);
            }
            count += (inputWidth / s) * (inputHeight / s);
        }
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.strides = strides.clone();
        this.anchors = count;
    }

    /** Anchors the model outputs for this input size (3549 for 416x416 with strides 8, 16, 32). */
    public int anchors() {
        return anchors;
    }

    /** Classes in {@code raw}, derived from its length; fails when the length does not fit this input size. */
    public int classes(float[] raw) {
        if (raw.length % anchors != 0 || raw.length / anchors <= 5) {
            throw new IllegalArgumentException("raw output has " + raw.length + " values, not " + anchors
                    + " anchors x (5 + classes) as a " + inputWidth + "x" + inputHeight + " input with strides "
                    + Arrays.toString(strides) + " gives");
        }
        return raw.length / anchors - 5;
    }

    /**
     * Whether objectness and class scores are logits. Exports made in YOLOX inference mode already apply the sigmoid;
     * logits from any other export cannot all fall inside [0, 1] across thousands of anchors.
     */
    public boolean scoresAreLogits(float[] raw) {
        int stride = 5 + classes(raw);
        for (int a = 0; a < anchors; a++) {
            for (int i = a * stride + 4; i < (a + 1) * stride; i++) {
                if (raw[i] < 0f || raw[i] > 1f) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Boxes scoring at least {@code scoreThreshold} (objectness x best class score), in input pixels, one per anchor
     * with its best class, not yet suppressed.
     */
    public List<ScoredBox> decode(float[] raw, float scoreThreshold) {
        int classes = classes(raw);
        int row = 5 + classes;
        boolean logits = scoresAreLogits(raw);
        List<ScoredBox> boxes = new ArrayList<>();
        int anchor = 0;
        for (int stride : strides) {
            int gridW = inputWidth / stride;
            int gridH = inputHeight / stride;
            for (int gy = 0; gy < gridH; gy++) {
                for (int gx = 0; gx < gridW; gx++, anchor++) {
                    int base = anchor * row;
                    float objectness = activate(raw[base + 4], logits);
                    if (objectness < scoreThreshold) {
                        continue; // class scores are at most 1, so the product cannot reach the threshold
                    }
                    int best = 0;
                    float bestScore = -1f;
                    for (int c = 0; c < classes; c++) {
                        float s = activate(raw[base + 5 + c], logits);
                        if (s > bestScore) {
                            bestScore = s;
                            best = c;
                        }
                    }
                    float score = objectness * bestScore;
                    if (score < scoreThreshold) {
                        continue;
                    }
                    float cx = (raw[base] + gx) * stride;
                    float cy = (raw[base + 1] + gy) * stride;
                    float w = (float) Math.exp(raw[base + 2]) * stride;
                    float h = (float) Math.exp(raw[base + 3]) * stride;
                    boxes.add(new ScoredBox(best, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
                }
            }
        }
        return boxes;
    }

    private static float activate(float value, boolean logits) {
        return logits ? (float) (1.0 / (1.0 + Math.exp(-value))) : value;
    }
}
