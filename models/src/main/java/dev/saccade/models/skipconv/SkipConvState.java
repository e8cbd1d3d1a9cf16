package dev.saccade.models.skipconv;

/**
 * One stream's skip-convolution cache: per conv layer the reference input x_ref (changed only where the gate opened)
 * and per node its output, which equals the layer applied to x_ref. Not checkpointed: a fresh or evicted stream's next
 * frame runs densely.
 */
public final class SkipConvState {
    final float[][] refs;
    final float[][] outputs;
    final float[] scales;
    /** Per layer: x_ref was not copied on the last frame (it ran densely throughout); the next frame recopies it. */
    final boolean[] refStale;

    boolean fresh = true;
    /**
     * The last frames ran whole on ONNX Runtime: only the output and the first layer's reference are current, so the
     * next frame that runs here recomputes every layer densely (keeping the gates' scales).
     */
    boolean stale;
    /**
     * The stream's first frame ran on ONNX Runtime: only the first layer's gate scale is set, the others are taken from
     * the frame that first builds the caches.
     */
    boolean scalesPending;
    /** Frames since the first layer last found the stream moving nearly everywhere (0: it did not). */
    int denseStreak;
    /** Frames between first-layer gate probes during a dense streak. */
    int probeInterval = DenseStreakPolicy.PROBE_INTERVAL;

    long frames;

    SkipConvState(int[] refSizes, int[] outputSizes) {
        refs = new float[refSizes.length][];
        scales = new float[refSizes.length];
        refStale = new boolean[refSizes.length];
        for (int i = 0; i < refSizes.length; i++) {
            refs[i] = new float[refSizes[i]];
        }
        outputs = new float[outputSizes.length][];
        for (int i = 0; i < outputSizes.length; i++) {
            outputs[i] = new float[outputSizes[i]];
        }
    }

    /** Forgets everything: the next frame runs densely (first frame of a stream, scene cut). */
    public void reset() {
        fresh = true;
        stale = false;
        scalesPending = false;
        DenseStreakPolicy.reset(this);
    }

    public boolean isFresh() {
        return fresh;
    }

    /** Frames run since creation. */
    public long frames() {
        return frames;
    }

    /** Heap bytes this stream's cache holds. */
    public long bytes() {
        long floats = scales.length;
        for (float[] r : refs) {
            floats += r.length;
        }
        for (float[] o : outputs) {
            floats += o.length;
        }
        return floats * Float.BYTES;
    }
}
