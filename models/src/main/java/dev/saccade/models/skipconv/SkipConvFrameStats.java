package dev.saccade.models.skipconv;

/**
 * What one frame cost under skip-convolutions: per conv layer the input positions whose gate opened and the output
 * positions recomputed, and the MACs that ran against what a dense pass would have run.
 */
public final class SkipConvFrameStats {
    final int[] opened;
    final int[] computed;
    final boolean[] denseFallback;
    long macs;
    long denseMacs;
    boolean reused;
    boolean onOnnxRuntime;
    /** Wall time per plan step this frame, and last the dense tail on ONNX Runtime: the measured per-layer cost. */
    final long[] stepNanos;

    SkipConvFrameStats(int layers, int steps) {
        stepNanos = new long[steps + 1];
        opened = new int[layers];
        computed = new int[layers];
        denseFallback = new boolean[layers];
    }

    void clear() {
        java.util.Arrays.fill(opened, 0);
        java.util.Arrays.fill(computed, 0);
        java.util.Arrays.fill(denseFallback, false);
        macs = 0;
        denseMacs = 0;
        reused = false;
        onOnnxRuntime = false;
        java.util.Arrays.fill(stepNanos, 0);
    }

    /** Layer {@code i} computed {@code computed} of its {@code outPositions} outputs. */
    void layerRan(int i, int computed, long macsPerOutput, int outPositions) {
        this.computed[i] = computed;
        macs += macsPerOutput * computed;
        denseMacs += macsPerOutput * outPositions;
    }

    public int layers() {
        return opened.length;
    }

    /** Input positions whose gate opened at conv layer {@code i}. */
    public int opened(int i) {
        return opened[i];
    }

    /** Output positions recomputed at conv layer {@code i}. */
    public int computed(int i) {
        return computed[i];
    }

    public boolean denseFallback(int i) {
        return denseFallback[i];
    }

    /** MACs of the convolutions that ran. */
    public long macs() {
        return macs;
    }

    /** MACs a dense pass runs on the same frame. */
    public long denseMacs() {
        return denseMacs;
    }

    /** Whether the whole previous output was reused (no changed tile in the frame). */
    /** Nanoseconds plan step {@code i} took this frame (0 where it did not run); index steps: the dense tail. */
    public long stepNanos(int i) {
        return stepNanos[i];
    }

    /** The whole frame ran densely on ONNX Runtime. */
    public boolean onOnnxRuntime() {
        return onOnnxRuntime;
    }

    public boolean reused() {
        return reused;
    }
}
