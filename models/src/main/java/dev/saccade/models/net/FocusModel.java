package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.saccade.models.cost.MacCounted;
import dev.saccade.models.cost.MacCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * The focus stage: f_L on full-resolution patches, and exits 1..K, exit k reading the running element-wise max of the
 * first k patches' local features (FrameExit's accumulation) next to the glance stage's clip representation.
 */
public final class FocusModel extends AbstractBlock implements MacCounted {
    public static final int PATCH = 64;

    private final int steps;
    private final SequentialBlock encoder;
    private final List<Linear> exits = new ArrayList<>();

    public FocusModel(int steps, int classes) {
        super((byte) 1);
        this.steps = steps;
        encoder = addChildBlock("encoder", Encoders.local());
        for (int k = 1; k <= steps; k++) {
            exits.add(
                    addChildBlock("exit" + k, Linear.builder().setUnits(classes).build()));
        }
    }

    public int steps() {
        return steps;
    }

    /** f_L, for folding and for the op audit. */
    public SequentialBlock encoder() {
        return encoder;
    }

    /** Exit k's classifier (1-based), for running it in another precision. */
    public Linear exit(int k) {
        return exits.get(k - 1);
    }

    /** Pooled local features of patches (B, 3, 64, 64) to (B, 96). */
    public NDArray localFeatures(ParameterStore ps, NDArray patches, boolean training) {
        return encoder.forward(ps, new NDList(patches), training)
                .singletonOrThrow()
                .mean(new int[] {3})
                .mean(new int[] {2});
    }

    /** Logits of exit k (1-based) from the running max of local features (N, 96) and the clip representation (N, 64). */
    public NDArray exitLogits(ParameterStore ps, int k, NDArray runningMax, NDArray clip, boolean training) {
        return exits.get(k - 1)
                .forward(ps, new NDList(runningMax.concat(clip, 1)), training)
                .singletonOrThrow();
    }

    /** Input: [patches (N*K, 3, 64, 64) in visiting order, clip representation (N, 64)]. Output: logits (N, K, C). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray patches = inputs.get(0);
        NDArray clip = inputs.get(1);
        long n = clip.getShape().get(0);
        NDArray local = localFeatures(ps, patches, training).reshape(n, steps, Encoders.LOCAL_CHANNELS);
        NDArray running = null;
        NDList logits = new NDList();
        for (int k = 1; k <= steps; k++) {
            NDArray step = local.get(":, " + (k - 1) + ", :");
            running = running == null ? step : NDArrays.maximum(running, step);
            logits.add(exitLogits(ps, k, running, clip, training).expandDims(1));
        }
        return new NDList(NDArrays.concat(logits, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long n = inputs[1].get(0);
        return new Shape[] {
            new Shape(
                    n,
                    steps,
                    exits.get(0)
                            .getOutputShapes(new Shape[] {new Shape(n, 1)})[0]
                            .get(1))
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        long n = inputShapes[1].get(0);
        for (Linear exit : exits) {
            exit.initialize(manager, dataType, new Shape(n, Encoders.LOCAL_CHANNELS + TemporalHead.HIDDEN));
        }
    }

    /** MACs of f_L on one patch. */
    public long macsPerPatch() {
        return MacCounter.macs(encoder, new Shape(1, 3, PATCH, PATCH));
    }

    /** MACs of one exit classifier. */
    public long macsPerExit() {
        return (long) (Encoders.LOCAL_CHANNELS + TemporalHead.HIDDEN)
                * exits.get(0).getOutputShapes(new Shape[] {new Shape(1, 1)})[0].get(1);
    }

    @Override
    public long macs(Shape[] inputs) {
        long n = inputs[1].get(0);
        return n * steps * (macsPerPatch() + macsPerExit());
    }
}
