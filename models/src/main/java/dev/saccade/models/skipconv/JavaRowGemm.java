package dev.saccade.models.skipconv;

/** Row-times-matrix in Java: the inner loop over output channels is what C2 vectorises; zero inputs are skipped. */
final class JavaRowGemm implements RowGemm {
    @Override
    public Object prepare(float[] wt, float[] bias, int k, int m) {
        return new float[][] {wt, bias};
    }

    @Override
    public void multiply(float[] a, int n, int k, Object weights, int m, float[] c) {
        float[] w = ((float[][]) weights)[0];
        float[] bias = ((float[][]) weights)[1];
        for (int i = 0; i < n; i++) {
            int co = i * m;
            System.arraycopy(bias, 0, c, co, m);
            int ao = i * k;
            for (int kk = 0; kk < k; kk++) {
                float av = a[ao + kk];
                if (av == 0f) {
                    continue;
                }
                int wo = kk * m;
                for (int j = 0; j < m; j++) {
                    c[co + j] += av * w[wo + j];
                }
            }
        }
    }
}
