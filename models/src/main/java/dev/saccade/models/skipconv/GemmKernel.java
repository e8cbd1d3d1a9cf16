package dev.saccade.models.skipconv;

/** Which matrix-multiply implementation computes pointwise and full convolutions on gathered rows. */
public enum GemmKernel {
    /** Plain Java loops the JIT vectorises; skips zero activations (half of a ReLU6 map). */
    JAVA,
    /** OpenBLAS sgemm through JavaCPP, one BLAS thread. */
    OPENBLAS;

    /** A new instance of this kernel; one serves one thread. */
    public RowGemm create() {
        return this == JAVA ? new JavaRowGemm() : new BlasRowGemm();
    }
}
