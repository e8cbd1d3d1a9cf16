package dev.saccade.models.skipconv;

/** C[n x m] = A[n x k] * W[k x m], row-major: the gathered rows of a conv times its transposed weights. */
interface RowGemm extends AutoCloseable {
  /** Prepares a layer's weights; the returned handle is passed to {@link #multiply}. */
  Object prepare(float[] wt, int k, int m);

  void multiply(float[] a, int n, int k, Object weights, int m, float[] c);

  @Override
  default void close() {}
}
