package dev.saccade.models.skipconv;

/** C[n x m] = A[n x k] * W[k x m] + bias, row-major: the gathered rows of a conv times its transposed weights. */
public interface RowGemm extends AutoCloseable {
    /** Prepares a layer's weights and bias (length m); the returned handle is passed to {@link #multiply}. */
    Object prepare(float[] wt, float[] bias, int k, int m);

    /** Writes {@code c}; {@code weights} is what {@link #prepare} returned for the same k and m. */
    void multiply(float[] a, int n, int k, Object weights, int m, float[] c);

    @Override
    default void close() {}
}
