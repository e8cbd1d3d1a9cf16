package dev.saccade.scenes;

/** Integer-hash value noise: cheap, seedable and platform-independent texture for backgrounds and sprites. */
final class Noise {
    private Noise() {}

    static int hash(int x, int y, int seed) {
        int h = seed ^ 0x27D4EB2D;
        h = (h ^ x) * 0x85EBCA6B;
        h = Integer.rotateLeft(h, 13);
        h = (h ^ y) * 0xC2B2AE35;
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        h *= 0x846CA68B;
        return h ^ (h >>> 16);
    }

    /** Hash mapped to {@code [0, 1)}. */
    static double hash01(int x, int y, int seed) {
        return (hash(x, y, seed) >>> 8) * (1.0 / (1 << 24));
    }

    /** Smooth value noise in {@code [0, 1)}: bilinear over hashed lattice values with a smoothstep fade. */
    static double value(double x, double y, int seed) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        int xi = (int) fx;
        int yi = (int) fy;
        double tx = x - fx;
        double ty = y - fy;
        tx = tx * tx * (3 - 2 * tx);
        ty = ty * ty * (3 - 2 * ty);
        double a = hash01(xi, yi, seed);
        double b = hash01(xi + 1, yi, seed);
        double c = hash01(xi, yi + 1, seed);
        double d = hash01(xi + 1, yi + 1, seed);
        double top = a + (b - a) * tx;
        double bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /** Fractal sum of {@code octaves} value-noise layers, normalised to {@code [0, 1)}. */
    static double fbm(double x, double y, int seed, int octaves) {
        double sum = 0;
        double amp = 1;
        double norm = 0;
        for (int o = 0; o < octaves; o++) {
            sum += amp * value(x, y, seed + o * 1013);
            norm += amp;
            amp *= 0.5;
            x *= 2.03;
            y *= 2.03;
        }
        return sum / norm;
    }
}
