package dev.saccade.models.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.GlanceModel;
import java.util.List;

/**
 * Turns BGR frames into network inputs, the same way in training, evaluation and the pipeline: pixels scaled to
 * [-0.5, 0.5], NCHW, each resolution derived once from the full frame.
 */
public final class Preprocess {
    private Preprocess() {}

    /** Stacks frames of equal size into (F, H, W, 3) uint8. */
    public static NDArray stack(NDManager m, List<byte[]> frames, int width, int height) {
        return m.create(
                java.nio.ByteBuffer.wrap(concat(frames)), new Shape(frames.size(), height, width, 3), DataType.UINT8);
    }

    /** Frames' bytes one after the other, (F, H, W, 3) as a flat array. */
    public static byte[] concat(List<byte[]> frames) {
        byte[] all = new byte[frames.stream().mapToInt(f -> f.length).sum()];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    /** (F, H, W, 3) uint8 to (F, 3, h, w) float in [-0.5, 0.5]. */
    public static NDArray resized(NDArray hwc, int width, int height) {
        NDArray f = hwc.toType(DataType.FLOAT32, false);
        NDArray r = NDImageUtils.resize(f, width, height, Image.Interpolation.AREA);
        return r.transpose(0, 3, 1, 2).div(255f).sub(0.5f);
    }

    /**
     * Glance input from clips of T+1 frames each (the frame before the clip first): (N*T, 4, 72, 96), colour plus the
     * absolute grey difference with the previous frame less {@link GlanceModel#DIFFERENCE_FLOOR}, the
     * frame-differencing signal at glance resolution.
     */
    public static NDArray glance(NDArray fullHwc, int clips, int t) {
        return withDifference(fullHwc, clips, t, GlanceModel.WIDTH, GlanceModel.HEIGHT, GlanceModel.DIFFERENCE_FLOOR);
    }

    /**
     * The glance input of one clip from its T+1 frames' BGR bytes (the frame before the clip first), computed on the
     * CPU exactly as {@link #glance}: (T, 4, 72, 96) as a flat array.
     */
    public static float[] glanceInput(byte[] frames, int t, int fullHeight, int fullWidth) {
        return withDifference(
                frames,
                1,
                t,
                fullHeight,
                fullWidth,
                GlanceModel.WIDTH,
                GlanceModel.HEIGHT,
                GlanceModel.DIFFERENCE_FLOOR);
    }

    /** Dense-baseline input, the same four channels at f_L's full-frame size: (N*T, 4, 120, 160). */
    public static NDArray dense(NDArray fullHwc, int clips, int t) {
        return withDifference(fullHwc, clips, t, DenseModel.WIDTH, DenseModel.HEIGHT, 0f);
    }

    private static NDArray withDifference(NDArray fullHwc, int clips, int t, int width, int height, float floor) {
        if (fullHwc.getDataType() == DataType.UINT8 && !fullHwc.getDevice().isGpu()) {
            // the same arithmetic in one pass over the bytes: several times faster than the engine's dozen ops
            // (docs/measurements.md)
            Shape s = fullHwc.getShape();
            float[] input = withDifference(
                    fullHwc.toByteArray(), clips, t, (int) s.get(1), (int) s.get(2), width, height, floor);
            return fullHwc.getManager().create(input, new Shape((long) clips * t, 4, height, width));
        }
        return withDifferenceOnEngine(fullHwc, clips, t, width, height, floor);
    }

    /**
     * {@link #withDifference} on the engine's ops: the reference the one-pass version is checked against, and the
     * path for tensors on a GPU.
     */
    static NDArray withDifferenceOnEngine(NDArray fullHwc, int clips, int t, int width, int height, float floor) {
        NDArray small = resized(fullHwc, width, height).reshape(clips, t + 1, 3, height, width);
        NDArray grey = small.mean(new int[] {2}, true);
        NDArray diff = grey.get(new NDIndex(":, 1:"))
                .sub(grey.get(new NDIndex(":, :-1")))
                .abs()
                .sub(floor)
                .maximum(0f)
                .mul(4f);
        NDArray colour = small.get(new NDIndex(":, 1:"));
        return colour.concat(diff, 2).reshape(clips * t, 4, height, width);
    }

    /** The difference channel's value at one pixel: the grey change less {@code floor}, never negative, times 4. */
    public static float differenceChannel(float grey, float previousGrey, float floor) {
        return Math.max(0f, Math.abs(grey - previousGrey) - floor) * 4f;
    }

    /** A square full-resolution patch of side size centred near (cx, cy), kept inside the frame, as (1, 3, 64, 64). */
    public static NDArray patch(NDArray frameHwc, PatchBox box) {
        NDArray crop = frameHwc.get(
                        new NDIndex("{}:{}, {}:{}, :", box.y(), box.y() + box.size(), box.x(), box.x() + box.size()))
                .expandDims(0);
        return resized(crop, FocusModel.PATCH, FocusModel.PATCH);
    }

    /**
     * Area-resizes each of {@code clips * (t + 1)} BGR frames ({@code fullHeight x fullWidth}) to {@code width x height}
     * exactly as the engine's area interpolation (adaptive average pooling: bin [floor(i*in/out), ceil((i+1)*in/out)),
     * sum divided by the bin's height, then by its width), scales to [-0.5, 0.5], and appends the grey difference with
     * the previous frame ({@link #differenceChannel}): (clips * t, 4, height, width) as a flat array.
     */
    static float[] withDifference(
            byte[] hwc, int clips, int t, int fullHeight, int fullWidth, int width, int height, float floor) {
        int frames = clips * (t + 1);
        if ((long) frames * fullHeight * fullWidth * 3 != hwc.length) {
            throw new IllegalArgumentException("expected " + frames + " frames of " + fullWidth + "x" + fullHeight);
        }
        byte[][] sources = new byte[frames][];
        int[] offsets = new int[frames];
        for (int f = 0; f < frames; f++) {
            sources[f] = hwc;
            offsets[f] = f * fullHeight * fullWidth * 3;
        }
        return withDifference(sources, offsets, clips, t, fullHeight, fullWidth, width, height, floor);
    }

    /** As above on one clip's T+1 frames, each its own array: no concatenated copy. */
    public static float[] glanceInput(byte[][] frames, int t, int fullHeight, int fullWidth) {
        if (frames.length != t + 1) {
            throw new IllegalArgumentException("expected " + (t + 1) + " frames, got " + frames.length);
        }
        for (byte[] f : frames) {
            if (f.length != fullHeight * fullWidth * 3) {
                throw new IllegalArgumentException("expected frames of " + fullWidth + "x" + fullHeight);
            }
        }
        return withDifference(
                frames,
                new int[frames.length],
                1,
                t,
                fullHeight,
                fullWidth,
                GlanceModel.WIDTH,
                GlanceModel.HEIGHT,
                GlanceModel.DIFFERENCE_FLOOR);
    }

    // frame f's bytes start at offsets[f] of sources[f]
    private static float[] withDifference(
            byte[][] sources,
            int[] offsets,
            int clips,
            int t,
            int fullHeight,
            int fullWidth,
            int width,
            int height,
            float floor) {
        int plane = width * height;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] invWidth = new float[width];
        for (int x = 0; x < width; x++) {
            x0[x] = x * fullWidth / width;
            x1[x] = ((x + 1) * fullWidth + width - 1) / width;
            invWidth[x] = 1f / (x1[x] - x0[x]);
        }
        // colour straight into the output (the frame before each clip only for its grey), grey as the mean of the
        // three channels; reciprocals instead of three divisions per value (they were most of this loop's time)
        float[] out = new float[clips * t * 4 * plane];
        float[] grey = new float[2 * plane];
        int rowBytes = fullWidth * 3;
        int[] columnSums = new int[rowBytes];
        // per channel, the sums of the columns before each one: a bin's sum is one difference, whatever its width
        int[] prefix = new int[rowBytes + 3];
        for (int n = 0; n < clips; n++) {
            for (int k = 0; k <= t; k++) {
                int f = n * (t + 1) + k;
                byte[] hwc = sources[f];
                int frameBase = offsets[f];
                int o = k == 0 ? -1 : (n * t + k - 1) * 4 * plane;
                int greyAt = (k & 1) * plane;
                for (int y = 0; y < height; y++) {
                    int y0 = y * fullHeight / height;
                    int y1 = ((y + 1) * fullHeight + height - 1) / height;
                    // the rows of this output row's bin, summed per column: loops a vectorising compiler likes
                    int first = frameBase + y0 * rowBytes;
                    for (int j = 0; j < rowBytes; j++) {
                        columnSums[j] = hwc[first + j] & 0xFF;
                    }
                    for (int iy = y0 + 1; iy < y1; iy++) {
                        int row = frameBase + iy * rowBytes;
                        for (int j = 0; j < rowBytes; j++) {
                            columnSums[j] += hwc[row + j] & 0xFF;
                        }
                    }
                    for (int j = 0; j < rowBytes; j++) {
                        prefix[j + 3] = prefix[j] + columnSums[j];
                    }
                    float invHeight = 1f / (y1 - y0);
                    for (int x = 0; x < width; x++) {
                        int from = x0[x] * 3;
                        int to = x1[x] * 3;
                        int b = prefix[to] - prefix[from];
                        int g = prefix[to + 1] - prefix[from + 1];
                        int r = prefix[to + 2] - prefix[from + 2];
                        float scale = invHeight * invWidth[x] * (1f / 255f);
                        int p = y * width + x;
                        float vb = b * scale - 0.5f;
                        float vg = g * scale - 0.5f;
                        float vr = r * scale - 0.5f;
                        if (o >= 0) {
                            out[o + p] = vb;
                            out[o + plane + p] = vg;
                            out[o + 2 * plane + p] = vr;
                        }
                        grey[greyAt + p] = (vb + vg + vr) * (1f / 3f);
                    }
                }
                if (o >= 0) {
                    int previous = plane - greyAt;
                    for (int i = 0; i < plane; i++) {
                        out[o + 3 * plane + i] = differenceChannel(grey[greyAt + i], grey[previous + i], floor);
                    }
                }
            }
        }
        return out;
    }
}
