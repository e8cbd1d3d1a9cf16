package dev.saccade.scenes;

/**
 * The static part of one fixed-camera scene, built once per seed: sky, skyline, textured ground in perspective, trees,
 * lamp posts and a lit sign. Tree canopies and the sign's light are kept as separate layers so distractors can animate
 * them without touching the rest.
 */
final class Background {
    /** A tree crown: a masked texture drawn over {@code bare}, shifted row by row when it sways. */
    static final class Canopy {
        final int x0;
        final int y0;
        final int w;
        final int h;
        final boolean[] mask;
        final byte[] bgr;

        Canopy(int x0, int y0, int w, int h, boolean[] mask, byte[] bgr) {
            this.x0 = x0;
            this.y0 = y0;
            this.w = w;
            this.h = h;
            this.mask = mask;
            this.bgr = bgr;
        }
    }

    final int width;
    final int height;
    /** First ground row; objects stand below it and their size follows the perspective it implies. */
    final int horizon;
    /** Everything static except the canopies. */
    final byte[] bare;
    /** {@code bare} with the canopies at rest: the starting point of every frame. */
    final byte[] still;

    final Canopy[] canopies;
    /** Horizontal pad the canopy layers carry on both sides, the most a sway may shift them. */
    final int swayPad;
    /** Sign light region; the light's contribution per pixel and channel (BGR) is in {@code emit}. */
    final int glowX0;

    final int glowY0;
    final int glowW;
    final int glowH;
    final short[] emit;
    /** Mean luma of each row of {@code still}, used to pick sprite colours that stand out. */
    final float[] rowLuma;
    /** Horizontal component of the light direction, -1..1, shared with sprite shading so shadows agree. */
    final double lightX;

    Background(
            int width,
            int height,
            int horizon,
            byte[] bare,
            byte[] still,
            Canopy[] canopies,
            int swayPad,
            int glowX0,
            int glowY0,
            int glowW,
            int glowH,
            short[] emit,
            float[] rowLuma,
            double lightX) {
        this.width = width;
        this.height = height;
        this.horizon = horizon;
        this.bare = bare;
        this.still = still;
        this.canopies = canopies;
        this.swayPad = swayPad;
        this.glowX0 = glowX0;
        this.glowY0 = glowY0;
        this.glowW = glowW;
        this.glowH = glowH;
        this.emit = emit;
        this.rowLuma = rowLuma;
        this.lightX = lightX;
    }

    static final int GRASS = 0;
    static final int ASPHALT = 1;
    static final int PAVING = 2;
    static final int GRAVEL = 3;

    /** Largest sway amplitude at 320 px width; the canopy pad must cover it. */
    static final double MAX_SWAY_320 = 4.5;

    static Background build(int w, int h, long seed) {
        return new BackgroundBuilder(w, h, seed).build();
    }

    static double[] hsv(double hueDeg, double s, double v) {
        double hh = ((hueDeg % 360) + 360) % 360 / 60.0;
        int i = (int) Math.floor(hh);
        double f = hh - i;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        double r;
        double g;
        double b;
        switch (i) {
            case 0 -> {
                r = v;
                g = t;
                b = p;
            }
            case 1 -> {
                r = q;
                g = v;
                b = p;
            }
            case 2 -> {
                r = p;
                g = v;
                b = t;
            }
            case 3 -> {
                r = p;
                g = q;
                b = v;
            }
            case 4 -> {
                r = t;
                g = p;
                b = v;
            }
            default -> {
                r = v;
                g = p;
                b = q;
            }
        }
        return new double[] {r * 255, g * 255, b * 255};
    }

    static double luma(double[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }

    static double[] mix(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    static double[] scale(double[] a, double k) {
        return new double[] {a[0] * k, a[1] * k, a[2] * k};
    }

    static int clamp8(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
    }

    /**
     * Draws a canopy into {@code dst} with each row shifted by {@code shift[row]} pixels ({@code null}: no shift). The
     * caller restores the uncovered background first.
     */
    static void drawCanopy(byte[] dst, int w, int h, Canopy c, int[] shift) {
        for (int ly = 0; ly < c.h; ly++) {
            int y = c.y0 + ly;
            if (y < 0 || y >= h) {
                continue;
            }
            int s = shift == null ? 0 : shift[ly];
            int row = ly * c.w;
            for (int lx = 0; lx < c.w; lx++) {
                if (!c.mask[row + lx]) {
                    continue;
                }
                int x = c.x0 + lx + s;
                if (x < 0 || x >= w) {
                    continue;
                }
                int src = (row + lx) * 3;
                int dstI = (y * w + x) * 3;
                dst[dstI] = c.bgr[src];
                dst[dstI + 1] = c.bgr[src + 1];
                dst[dstI + 2] = c.bgr[src + 2];
            }
        }
    }
}
