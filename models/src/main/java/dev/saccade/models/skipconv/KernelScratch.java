package dev.saccade.models.skipconv;

/** Work arrays the kernels of one network share (one layer runs at a time), grown on demand and kept. */
final class KernelScratch {
    private float[] gathered = new float[0];
    private float[] product = new float[0];
    private float[] rowAcc = new float[0];
    private float[] rowTap = new float[0];

    /** Rows gathered for a GEMM. */
    float[] gathered(int size) {
        if (gathered.length < size) {
            gathered = new float[Math.max(size, gathered.length * 2)];
        }
        return gathered;
    }

    /** A GEMM's result before it is scattered. */
    float[] product(int size) {
        if (product.length < size) {
            product = new float[Math.max(size, product.length * 2)];
        }
        return product;
    }

    /** A depthwise output row's accumulator. */
    float[] rowAcc(int size) {
        ensureRows(size);
        return rowAcc;
    }

    /** A depthwise tap's inputs lined up with {@link #rowAcc}. */
    float[] rowTap(int size) {
        ensureRows(size);
        return rowTap;
    }

    private void ensureRows(int size) {
        if (rowAcc.length < size) {
            rowAcc = new float[size];
            rowTap = new float[size];
        }
    }
}
