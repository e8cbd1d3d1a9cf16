package dev.saccade.models.cascade;

import ai.djl.nn.AbstractBlock;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.net.TemporalHead;
import java.util.List;

/**
 * f_G's heads (heatmap, patch-size levels, the per-frame descriptors and the temporal head of exit 0) in plain Java on
 * one clip's feature maps: the same arithmetic as {@link GlanceModel#heads} and {@link GlanceOutput}'s softmax and
 * sigmoid, without the engine's few dozen small ops per clip (a fifth of the glance's CPU in the pipeline; README,
 * per-frame budget). Weights are copied once, laid out so that every inner loop is an axpy the JIT vectorises.
 */
public final class GlanceHeads {
    /** One clip's head outputs: exit-0 probabilities, sigmoid heat (T, cells), level logits (T, L, cells), h. */
    public record Outputs(float[] exit0, float[][] heat, float[][][] levels, float[] clipFeatures) {}

    private final int frames;
    private final int channels;
    private final int levels;
    private final int classes;
    private final int hidden;
    private final int descriptor;
    private final float[] heatW;
    private final float heatB;
    /** (C, L): level weights by input channel. */
    private final float[] levelW;

    private final float[] levelB;
    /** (D * 3, H): conv1 weights by (input, tap). */
    private final float[] conv1W;

    private final float[] conv1B;
    private final float[] conv2W;
    private final float[] conv2B;
    /** (2H, H). */
    private final float[] hiddenW;

    private final float[] hiddenB;
    /** (H, classes). */
    private final float[] classW;

    private final float[] classB;

    public GlanceHeads(GlanceModel model) {
        frames = model.framesPerClip();
        levels = model.levels();
        TemporalHead temporal = model.temporal();
        classes = temporal.classes();
        hidden = TemporalHead.HIDDEN;
        descriptor = GlanceModel.DESCRIPTOR;
        float[] hw = weight(model.heatConv());
        channels = hw.length;
        heatW = hw;
        heatB = bias(model.heatConv())[0];
        levelW = transpose(weight(model.levelConv()), levels, channels);
        levelB = bias(model.levelConv());
        List<AbstractBlock> layers = temporal.layers();
        conv1W = transpose(weight(layers.get(0)), hidden, descriptor * 3);
        conv1B = bias(layers.get(0));
        conv2W = transpose(weight(layers.get(1)), hidden, hidden * 3);
        conv2B = bias(layers.get(1));
        hiddenW = transpose(weight(layers.get(2)), hidden, 2 * hidden);
        hiddenB = bias(layers.get(2));
        classW = transpose(weight(layers.get(3)), classes, hidden);
        classB = bias(layers.get(3));
    }

    /**
     * The heads on one clip's maps: {@code maps} holds the clip's T frames one after another, each (C, rows, cols).
     */
    public Outputs run(float[] maps, int rows, int cols) {
        int cells = rows * cols;
        if (maps.length != frames * channels * cells) {
            throw new IllegalArgumentException("expected " + frames + " frames of " + channels + " x " + cells);
        }
        float[][] heat = new float[frames][cells];
        float[][][] levelLogits = new float[frames][levels][cells];
        // descriptors (T, D), then the temporal convs read them as (D, T) with zero padding of one frame each side
        float[] desc = new float[frames * descriptor];
        float[] logits = new float[cells];
        float[] gx = new float[cols];
        float[] gy = new float[rows];
        for (int i = 0; i < cols; i++) {
            gx[i] = (i + 0.5f) / cols - 0.5f;
        }
        for (int i = 0; i < rows; i++) {
            gy[i] = (i + 0.5f) / rows - 0.5f;
        }
        for (int f = 0; f < frames; f++) {
            int base = f * channels * cells;
            java.util.Arrays.fill(logits, heatB);
            float[] lv = new float[levels * cells];
            for (int l = 0; l < levels; l++) {
                java.util.Arrays.fill(lv, l * cells, (l + 1) * cells, levelB[l]);
            }
            int d = f * descriptor;
            for (int c = 0; c < channels; c++) {
                int at = base + c * cells;
                float w = heatW[c];
                for (int p = 0; p < cells; p++) {
                    logits[p] += w * maps[at + p];
                }
                for (int l = 0; l < levels; l++) {
                    float wl = levelW[c * levels + l];
                    int lo = l * cells;
                    for (int p = 0; p < cells; p++) {
                        lv[lo + p] += wl * maps[at + p];
                    }
                }
                // pooled (mean over columns, then rows, as the engine), mass and the centroids
                float pooled = 0f;
                float sum = 0f;
                float mx = 0f;
                float my = 0f;
                for (int r = 0; r < rows; r++) {
                    float row = 0f;
                    float rowX = 0f;
                    for (int q = 0; q < cols; q++) {
                        float v = maps[at + r * cols + q];
                        row += v;
                        rowX += v * gx[q];
                    }
                    pooled += row / cols;
                    sum += row;
                    mx += rowX;
                    my += row * gy[r];
                }
                float mass = sum + 1f;
                desc[d + c] = pooled / rows;
                desc[d + channels + c] = mx / mass * 4f;
                desc[d + 2 * channels + c] = my / mass * 4f;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < cells; p++) {
                max = Math.max(max, logits[p]);
            }
            double z = 0;
            double sx = 0;
            double sy = 0;
            for (int p = 0; p < cells; p++) {
                double e = Math.exp(logits[p] - max);
                z += e;
                sx += e * ((p % cols) + 0.5f) / cols;
                sy += e * ((p / cols) + 0.5f) / rows;
                heat[f][p] = sigmoid(logits[p]);
            }
            desc[d + 3 * channels] = (float) (sx / z);
            desc[d + 3 * channels + 1] = (float) (sy / z);
            desc[d + 3 * channels + 2] = sigmoid(max);
            for (int l = 0; l < levels; l++) {
                System.arraycopy(lv, l * cells, levelLogits[f][l], 0, cells);
            }
        }
        float[] a1 = temporalConv(desc, descriptor, conv1W, conv1B);
        float[] a2 = temporalConv(a1, hidden, conv2W, conv2B);
        float[] pooled = new float[2 * hidden];
        for (int o = 0; o < hidden; o++) {
            float max = Float.NEGATIVE_INFINITY;
            float sum = 0f;
            for (int t = 0; t < frames; t++) {
                float v = a2[t * hidden + o];
                max = Math.max(max, v);
                sum += v;
            }
            pooled[o] = max;
            pooled[hidden + o] = sum / frames;
        }
        float[] h = dense(pooled, hiddenW, hiddenB);
        for (int o = 0; o < hidden; o++) {
            h[o] = Math.max(0f, h[o]);
        }
        float[] out = dense(h, classW, classB);
        return new Outputs(softmax(out), heat, levelLogits, h);
    }

    /** A kernel-3, padding-1 conv over time on (T, in) rows, then ReLU: (T, H). */
    private float[] temporalConv(float[] x, int in, float[] w, float[] b) {
        float[] y = new float[frames * hidden];
        for (int t = 0; t < frames; t++) {
            int yo = t * hidden;
            System.arraycopy(b, 0, y, yo, hidden);
            for (int k = 0; k < 3; k++) {
                int src = t + k - 1;
                if (src < 0 || src >= frames) {
                    continue;
                }
                int xo = src * in;
                for (int i = 0; i < in; i++) {
                    float v = x[xo + i];
                    if (v == 0f) {
                        continue;
                    }
                    int wo = (i * 3 + k) * hidden;
                    for (int o = 0; o < hidden; o++) {
                        y[yo + o] += v * w[wo + o];
                    }
                }
            }
            for (int o = 0; o < hidden; o++) {
                y[yo + o] = Math.max(0f, y[yo + o]);
            }
        }
        return y;
    }

    /** x (in) times the (in, out) weights plus the bias. */
    private static float[] dense(float[] x, float[] w, float[] b) {
        int out = b.length;
        float[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            int wo = i * out;
            for (int o = 0; o < out; o++) {
                y[o] += v * w[wo + o];
            }
        }
        return y;
    }

    private static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double z = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            z += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / z);
        }
        return p;
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    private static float[] weight(AbstractBlock block) {
        return block.getParameters().get("weight").getArray().toFloatArray();
    }

    private static float[] bias(AbstractBlock block) {
        return block.getParameters().get("bias").getArray().toFloatArray();
    }

    /** (rows, cols) row-major to (cols, rows). */
    private static float[] transpose(float[] w, int rows, int cols) {
        if (w.length != rows * cols) {
            throw new IllegalArgumentException("weights of " + w.length + ", expected " + rows + " x " + cols);
        }
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }
}
