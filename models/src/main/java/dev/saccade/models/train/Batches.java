package dev.saccade.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.saccade.models.data.ClipData;
import java.util.List;

/** Host-side helpers to turn clips into batch tensors and labels. */
final class Batches {
    private Batches() {}

    static NDArray oneHot(NDManager m, int[] indices, int depth) {
        float[] v = new float[indices.length * depth];
        for (int i = 0; i < indices.length; i++) {
            v[i * depth + indices[i]] = 1f;
        }
        return m.create(v, new ai.djl.ndarray.types.Shape(indices.length, depth));
    }

    static int[] labels(List<ClipData> clips) {
        return clips.stream().mapToInt(ClipData::label).toArray();
    }

    /** Row-wise argmax of a (N, C) array. */
    static int[] argmax(NDArray logits) {
        float[] v = logits.toFloatArray();
        int c = (int) logits.getShape().get(1);
        int[] out = new int[v.length / c];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (v[i * c + j] > v[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Cross-entropy of logits (N, C) against one-hot targets (N, C), mean over rows. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }
}
