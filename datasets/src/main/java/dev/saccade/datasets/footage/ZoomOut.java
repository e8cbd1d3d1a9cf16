package dev.saccade.datasets.footage;

import dev.saccade.models.data.ObjectBox;

/**
 * Scale augmentation: a frame shown smaller, centred, with its edge pixels repeated around it, so the objects a camera
 * shows are seen at a smaller size too; the clip's label and counts are unchanged, nothing leaves the frame.
 */
final class ZoomOut {
    private ZoomOut() {}

    /** The BGR24 frame at {@code scale} (bilinear), centred in a frame of the same size. */
    static byte[] frame(byte[] bgr, double scale, int width, int height) {
        byte[] out = new byte[bgr.length];
        double ox = width * (1 - scale) / 2;
        double oy = height * (1 - scale) / 2;
        for (int y = 0; y < height; y++) {
            double sy = clamp((y + 0.5 - oy) / scale - 0.5, height - 1);
            int y0 = (int) sy;
            int y1 = Math.min(height - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = clamp((x + 0.5 - ox) / scale - 0.5, width - 1);
                int x0 = (int) sx;
                int x1 = Math.min(width - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = (bgr[(y0 * width + x0) * 3 + c] & 0xff) * (1 - fx)
                            + (bgr[(y0 * width + x1) * 3 + c] & 0xff) * fx;
                    double bottom = (bgr[(y1 * width + x0) * 3 + c] & 0xff) * (1 - fx)
                            + (bgr[(y1 * width + x1) * 3 + c] & 0xff) * fx;
                    out[(y * width + x) * 3 + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    /** Where a box of the frame lands in its zoomed-out version. */
    static ObjectBox box(ObjectBox b, double scale, int width, int height) {
        double ox = width * (1 - scale) / 2;
        double oy = height * (1 - scale) / 2;
        return new ObjectBox(
                (int) Math.round(ox + b.x() * scale),
                (int) Math.round(oy + b.y() * scale),
                (int) Math.round(b.width() * scale),
                (int) Math.round(b.height() * scale));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
