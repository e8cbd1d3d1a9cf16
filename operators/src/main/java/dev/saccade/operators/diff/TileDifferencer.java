package dev.saccade.operators.diff;

/** Mean absolute grey-level difference per tile between two working frames (Reducto-style pixel differencing). */
public final class TileDifferencer {
    private final int width;
    private final int height;
    private final int tileSize;
    private final double threshold;
    private final double sceneCutFraction;
    private final int cols;
    private final int rows;
    private final int[] tilePixels;

    public TileDifferencer(int width, int height, int tileSize, double threshold, double sceneCutFraction) {
        this.width = width;
        this.height = height;
        this.tileSize = tileSize;
        this.threshold = threshold;
        this.sceneCutFraction = sceneCutFraction;
        this.cols = (width + tileSize - 1) / tileSize;
        this.rows = (height + tileSize - 1) / tileSize;
        this.tilePixels = new int[cols * rows];
        for (int ty = 0; ty < rows; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int tw = Math.min(tileSize, width - tx * tileSize);
                int th = Math.min(tileSize, height - ty * tileSize);
                tilePixels[ty * cols + tx] = tw * th;
            }
        }
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    /** Compares two frames of width x height grey pixels. */
    public TileChange compare(byte[] previous, byte[] current) {
        if (previous.length != width * height || current.length != width * height) {
            throw new IllegalArgumentException("frames must be " + width + "x" + height + " grey pixels");
        }
        long[] sums = new long[cols * rows];
        long total = 0;
        for (int y = 0; y < height; y++) {
            int rowBase = (y / tileSize) * cols;
            int i = y * width;
            for (int x = 0; x < width; x++, i++) {
                int d = (previous[i] & 0xFF) - (current[i] & 0xFF);
                int a = d < 0 ? -d : d;
                sums[rowBase + x / tileSize] += a;
                total += a;
            }
        }
        byte[] changed = new byte[cols * rows];
        double[] tileDiff = new double[cols * rows];
        int changedCount = 0;
        for (int t = 0; t < changed.length; t++) {
            tileDiff[t] = (double) sums[t] / tilePixels[t];
            if (tileDiff[t] > threshold) {
                changed[t] = 1;
                changedCount++;
            }
        }
        double fraction = (double) changedCount / changed.length;
        return new TileChange(
                cols,
                rows,
                changed,
                tileDiff,
                fraction,
                (double) total / (width * height),
                fraction >= sceneCutFraction);
    }

    /** A first frame: nothing changed because there is nothing to compare with. */
    public TileChange none() {
        return new TileChange(cols, rows, new byte[cols * rows], new double[cols * rows], 0.0, 0.0, false);
    }
}
