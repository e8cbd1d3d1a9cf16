package dev.saccade.models.skipconv;

import dev.saccade.models.data.Preprocess;
import dev.saccade.models.net.GlanceModel;

/**
 * Builds f_G's input for one frame as an HWC float map, the pipeline's way: BGR scaled to [-0.5, 0.5] plus the
 * absolute grey difference with the previous frame less the noise floor (x4, {@link Preprocess#differenceChannel}). Keeps the previous grey frame, so one instance per stream.
 */
public final class GlanceFrames {
    public static final int CHANNELS = 4;

    private final int width;
    private final int height;
    private float[] previousGrey;

    public GlanceFrames(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** BGR24 bytes of width x height to a new (H, W, 4) float map. */
    public float[] next(byte[] bgr) {
        int pixels = width * height;
        if (bgr.length != pixels * 3) {
            throw new IllegalArgumentException(
                    "expected " + width + "x" + height + " BGR24, got " + bgr.length + " bytes");
        }
        float[] out = new float[pixels * CHANNELS];
        float[] grey = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            float b = (bgr[p * 3] & 0xFF) / 255f - 0.5f;
            float g = (bgr[p * 3 + 1] & 0xFF) / 255f - 0.5f;
            float r = (bgr[p * 3 + 2] & 0xFF) / 255f - 0.5f;
            grey[p] = (b + g + r) / 3f;
            out[p * CHANNELS] = b;
            out[p * CHANNELS + 1] = g;
            out[p * CHANNELS + 2] = r;
            out[p * CHANNELS + 3] = previousGrey == null
                    ? 0f
                    : Preprocess.differenceChannel(grey[p], previousGrey[p], GlanceModel.DIFFERENCE_FLOOR);
        }
        previousGrey = grey;
        return out;
    }

    /** Starts over (scene cut, stream restart): the next frame has no difference channel. */
    public void reset() {
        previousGrey = null;
    }

    /** HWC to CHW, the engine's layout. */
    public static float[] toChw(float[] hwc, int height, int width, int channels) {
        float[] chw = new float[hwc.length];
        int pixels = height * width;
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) {
                chw[c * pixels + p] = hwc[p * channels + c];
            }
        }
        return chw;
    }

    /** CHW to HWC. */
    public static float[] toHwc(float[] chw, int height, int width, int channels) {
        float[] hwc = new float[chw.length];
        int pixels = height * width;
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < channels; c++) {
                hwc[p * channels + c] = chw[c * pixels + p];
            }
        }
        return hwc;
    }
}
