package dev.saccade.models.data;

import dev.saccade.models.net.GlanceModel;

/** Supervision for the policy from a dataset's boxes: which glance cells hold the object, at which level. */
public final class Targets {
    private Targets() {}

    /** 1 for each glance grid cell the box covers substantially (or holds its centre), else 0. */
    public static float[] heat(ObjectBox box, int width, int height) {
        float[] t = new float[GlanceModel.CELLS];
        if (box == null) {
            return t;
        }
        double cw = (double) width / GlanceModel.GRID_COLS;
        double ch = (double) height / GlanceModel.GRID_ROWS;
        int centreCell = cellOf(box.x() + box.width() / 2.0, box.y() + box.height() / 2.0, width, height);
        for (int r = 0; r < GlanceModel.GRID_ROWS; r++) {
            for (int c = 0; c < GlanceModel.GRID_COLS; c++) {
                double ix = Math.max(0, Math.min(box.x() + box.width(), (c + 1) * cw) - Math.max(box.x(), c * cw));
                double iy = Math.max(0, Math.min(box.y() + box.height(), (r + 1) * ch) - Math.max(box.y(), r * ch));
                double overlap = ix * iy / Math.min(cw * ch, (double) box.area());
                int cell = r * GlanceModel.GRID_COLS + c;
                if (cell == centreCell || overlap >= 0.3) {
                    t[cell] = 1f;
                }
            }
        }
        return t;
    }

    public static int cellOf(double x, double y, int width, int height) {
        int c = (int) Math.min(GlanceModel.GRID_COLS - 1, Math.max(0, x * GlanceModel.GRID_COLS / width));
        int r = (int) Math.min(GlanceModel.GRID_ROWS - 1, Math.max(0, y * GlanceModel.GRID_ROWS / height));
        return r * GlanceModel.GRID_COLS + c;
    }

    /** Centre of a glance cell in full-frame pixels. */
    public static double[] cellCentre(int cell, int width, int height) {
        return new double[] {
            ((cell % GlanceModel.GRID_COLS) + 0.5) * width / GlanceModel.GRID_COLS,
            ((cell / GlanceModel.GRID_COLS) + 0.5) * height / GlanceModel.GRID_ROWS
        };
    }
}
