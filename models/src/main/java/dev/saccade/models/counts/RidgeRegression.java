package dev.saccade.models.counts;

/** Least squares with an L2 penalty on the weights (not the bias), solved exactly by the normal equations. */
public final class RidgeRegression {
    private RidgeRegression() {}

    /** Weights then bias for each target column: rows of x against y[row][target]. */
    public static double[][] fit(float[][] x, double[][] y, double lambda) {
        int n = x.length;
        int d = x[0].length + 1;
        int targets = y[0].length;
        double[][] a = new double[d][d];
        double[][] b = new double[d][targets];
        double[] row = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d - 1; i++) {
                row[i] = x[r][i];
            }
            row[d - 1] = 1;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i][j] += row[i] * row[j];
                }
                for (int t = 0; t < targets; t++) {
                    b[i][t] += row[i] * y[r][t];
                }
            }
        }
        for (int i = 0; i < d - 1; i++) {
            a[i][i] += lambda * n;
        }
        return solve(a, b);
    }

    /** Gaussian elimination with partial pivoting; a and b are overwritten. Result: [target][coefficient]. */
    static double[][] solve(double[][] a, double[][] b) {
        int d = a.length;
        int targets = b[0].length;
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            swap = b[col];
            b[col] = b[pivot];
            b[pivot] = swap;
            if (Math.abs(a[col][col]) < 1e-12) {
                throw new IllegalArgumentException("singular system at column " + col);
            }
            for (int r = col + 1; r < d; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < d; c++) {
                    a[r][c] -= f * a[col][c];
                }
                for (int t = 0; t < targets; t++) {
                    b[r][t] -= f * b[col][t];
                }
            }
        }
        double[][] out = new double[targets][d];
        for (int t = 0; t < targets; t++) {
            for (int r = d - 1; r >= 0; r--) {
                double s = b[r][t];
                for (int c = r + 1; c < d; c++) {
                    s -= a[r][c] * out[t][c];
                }
                out[t][r] = s / a[r][r];
            }
        }
        return out;
    }
}
