package dev.saccade.models.cascade;

import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.PatchBox;
import dev.saccade.models.net.GlanceModel;

/**
 * The policy's inputs when the glance role is an external classifier, which has no heatmap: heat per cell is the
 * frame's mean grey difference from the previous frame there, and the patch level is the one that covers the moving
 * cells, so {@link Policy#plan} looks where something moved.
 */
public final class MotionPolicy {
    private MotionPolicy() {}

    /** Heat and level scores in {@link Policy#plan}'s layout, from a clip's frames. */
    public record Inputs(float[][] heat, float[][][] levelLogits) {}

    public static Inputs of(ClipData clip) {
        int t = clip.length();
        int w = clip.width();
        int h = clip.height();
        int cols = GlanceModel.GRID_COLS;
        int rows = GlanceModel.GRID_ROWS;
        float[][] heat = new float[t][GlanceModel.CELLS];
        float[][][] levels = new float[t][PatchBox.LEVEL_SIZES.length][GlanceModel.CELLS];
        int[] count = new int[GlanceModel.CELLS];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                count[Math.min(rows - 1, y * rows / h) * cols + Math.min(cols - 1, x * cols / w)]++;
            }
        }
        for (int f = 0; f < t; f++) {
            byte[] prev = clip.frames()[f];
            byte[] cur = clip.frames()[f + 1];
            float[] sum = heat[f];
            for (int y = 0; y < h; y++) {
                int cellRow = Math.min(rows - 1, y * rows / h) * cols;
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    sum[cellRow + Math.min(cols - 1, x * cols / w)] += Math.abs(grey(cur, i) - grey(prev, i));
                }
            }
            float peak = 0;
            for (int c = 0; c < sum.length; c++) {
                sum[c] /= count[c] * 255f;
                peak = Math.max(peak, sum[c]);
            }
            int level = movingExtentLevel(sum, peak, w, h);
            for (int c = 0; c < GlanceModel.CELLS; c++) {
                levels[f][level][c] = 1;
            }
        }
        return new Inputs(heat, levels);
    }

    /** The level whose patch covers the cells moving at least half as much as the busiest one. */
    private static int movingExtentLevel(float[] heat, float peak, int w, int h) {
        if (peak <= 0) {
            return 0;
        }
        int minCol = Integer.MAX_VALUE;
        int maxCol = -1;
        int minRow = Integer.MAX_VALUE;
        int maxRow = -1;
        for (int c = 0; c < heat.length; c++) {
            if (heat[c] >= peak / 2) {
                minCol = Math.min(minCol, c % GlanceModel.GRID_COLS);
                maxCol = Math.max(maxCol, c % GlanceModel.GRID_COLS);
                minRow = Math.min(minRow, c / GlanceModel.GRID_COLS);
                maxRow = Math.max(maxRow, c / GlanceModel.GRID_COLS);
            }
        }
        return PatchBox.levelFor(
                (maxCol - minCol + 1) * w / GlanceModel.GRID_COLS, (maxRow - minRow + 1) * h / GlanceModel.GRID_ROWS);
    }

    private static int grey(byte[] bgr, int i) {
        return ((bgr[i] & 0xff) * 29 + (bgr[i + 1] & 0xff) * 150 + (bgr[i + 2] & 0xff) * 77) >> 8;
    }
}
