package dev.saccade.scenes;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: locating clips of a class and measuring what frame differencing would see. */
final class Frames {
    static final int TILE = 16;

    private Frames() {}

    /** Index of the {@code nth} (0-based) clip with label {@code c}. */
    static int findClip(SceneGenerator g, EventClass c, int nth) {
        int seen = 0;
        for (int i = 0; i < 100_000; i++) {
            if (g.clipLabel(i) == c && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no clip " + nth + " of " + c);
    }

    /** The first {@code count} clips with label {@code c}. */
    static List<SceneClip> clips(SceneGenerator g, EventClass c, int count) {
        List<SceneClip> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(g.clip(findClip(g, c, i)));
        }
        return out;
    }

    /** Mean absolute luma difference per 16x16 tile, row-major over the tile grid. */
    static double[] tileDiff(SceneFrame a, SceneFrame b) {
        int tw = a.width() / TILE;
        int th = a.height() / TILE;
        double[] d = new double[tw * th];
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                long sum = 0;
                for (int y = ty * TILE; y < ty * TILE + TILE; y++) {
                    for (int x = tx * TILE; x < tx * TILE + TILE; x++) {
                        sum += Math.abs(a.luma(x, y) - b.luma(x, y));
                    }
                }
                d[ty * tw + tx] = sum / (double) (TILE * TILE);
            }
        }
        return d;
    }

    /** Mean absolute difference over all bytes. */
    static double meanAbsDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / (double) a.length;
    }

    static double meanLuma(SceneFrame f) {
        long sum = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                sum += f.luma(x, y);
            }
        }
        return sum / (double) (f.width() * f.height());
    }

    static Box box(SceneFrame f) {
        if (f.objectBoxes().size() != 1) {
            throw new AssertionError("expected one object in " + f);
        }
        return f.objectBoxes().get(0);
    }
}
