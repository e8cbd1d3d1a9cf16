package dev.saccade.models.data;

/** A square patch in full-frame pixels, always inside the frame. */
public record PatchBox(int x, int y, int size, int level) {
    /** Patch sides of the pyramid levels, in full-frame pixels. */
    public static final int[] LEVEL_SIZES = {64, 96, 128};

    /** Centres a patch of the level's size on (cx, cy), shifted to lie inside a width x height frame. */
    public static PatchBox centred(double cx, double cy, int level, int width, int height) {
        int size = Math.min(LEVEL_SIZES[level], Math.min(width, height));
        int x = (int) Math.round(cx - size / 2.0);
        int y = (int) Math.round(cy - size / 2.0);
        x = Math.max(0, Math.min(width - size, x));
        y = Math.max(0, Math.min(height - size, y));
        return new PatchBox(x, y, size, level);
    }

    /** The smallest level whose patch holds the object with some context around it. */
    public static int levelFor(int objectWidth, int objectHeight) {
        int side = Math.max(objectWidth, objectHeight);
        for (int l = 0; l < LEVEL_SIZES.length; l++) {
            if (side <= LEVEL_SIZES[l] * 0.8) {
                return l;
            }
        }
        return LEVEL_SIZES.length - 1;
    }
}
