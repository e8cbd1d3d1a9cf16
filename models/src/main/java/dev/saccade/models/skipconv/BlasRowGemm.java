package dev.saccade.models.skipconv;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-times-matrix with OpenBLAS sgemm (one BLAS thread, {@code OPENBLAS_NUM_THREADS=1} as the launcher and tests
 * set it: the operator's thread is the unit of parallelism). Rows are
 * copied into a reused off-heap buffer with one bulk copy; row counts are padded to steps of 16 so the library sees a
 * few distinct shapes.
 */
final class BlasRowGemm implements RowGemm {
    /** Rows of bias copied into C per native call before sgemm adds A * W to it (beta 1). */
    private static final int BIAS_ROWS = 64;

    private record Prepared(FloatPointer weights, float[] biasRows) {}

    private final java.util.List<FloatPointer> prepared = new java.util.ArrayList<>();
    private FloatPointer a = new FloatPointer(1);
    private FloatPointer c = new FloatPointer(1);

    @Override
    public Object prepare(float[] wt, float[] bias, int k, int m) {
        FloatPointer w = new FloatPointer(wt);
        prepared.add(w);
        float[] biasRows = new float[BIAS_ROWS * m];
        for (int r = 0; r < BIAS_ROWS; r++) {
            System.arraycopy(bias, 0, biasRows, r * m, m);
        }
        return new Prepared(w, biasRows);
    }

    @Override
    public void multiply(float[] rows, int n, int k, Object weights, int m, float[] out) {
        int padded = (n + 15) & ~15;
        a = ensure(a, (long) padded * k);
        c = ensure(c, (long) padded * m);
        a.put(rows, 0, n * k);
        Prepared p = (Prepared) weights;
        for (int r = 0; r < padded; r += BIAS_ROWS) {
            c.position((long) r * m).put(p.biasRows(), 0, Math.min(BIAS_ROWS, padded - r) * m);
        }
        c.position(0);
        openblas_nolapack.cblas_sgemm(
                openblas_nolapack.CblasRowMajor,
                openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans,
                padded,
                m,
                k,
                1f,
                a,
                k,
                p.weights(),
                m,
                1f,
                c,
                m);
        c.get(out, 0, n * m);
    }

    private static FloatPointer ensure(FloatPointer p, long size) {
        if (p.capacity() >= size) {
            return p.position(0);
        }
        p.close();
        return new FloatPointer(Math.max(size, p.capacity() * 2));
    }

    @Override
    public void close() {
        a.close();
        c.close();
        prepared.forEach(FloatPointer::close);
    }
}
