package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.saccade.models.cost.MacCounted;

/**
 * Per-frame descriptors (N, T, D) to a clip representation h (N, H) and class logits (N, C): two temporal
 * convolutions keep frame order (walking left and right differ only in order), then max and mean over time.
 */
public final class TemporalHead extends AbstractBlock implements MacCounted {
    public static final int HIDDEN = 64;

    private final int classes;
    private final Conv1d conv1;
    private final Conv1d conv2;
    private final Linear hidden;
    private final Linear classifier;

    public TemporalHead(int classes) {
        super((byte) 1);
        this.classes = classes;
        conv1 = addChildBlock(
                "tconv1",
                Conv1d.builder()
                        .setKernelShape(new Shape(3))
                        .setFilters(HIDDEN)
                        .optPadding(new Shape(1))
                        .build());
        conv2 = addChildBlock(
                "tconv2",
                Conv1d.builder()
                        .setKernelShape(new Shape(3))
                        .setFilters(HIDDEN)
                        .optPadding(new Shape(1))
                        .build());
        hidden = addChildBlock("hidden", Linear.builder().setUnits(HIDDEN).build());
        classifier =
                addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    /** The two temporal convolutions, the hidden layer and the classifier, in running order. */
    public java.util.List<AbstractBlock> layers() {
        return java.util.List.of(conv1, conv2, hidden, classifier);
    }

    public int classes() {
        return classes;
    }

    /** Input: descriptors (N, T, D). Output: [logits (N, C), h (N, H)]. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow().transpose(0, 2, 1); // (N, D, T) for Conv1d
        x = Activation.relu(conv1.forward(ps, new NDList(x), training).singletonOrThrow());
        x = Activation.relu(conv2.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray pooled = x.max(new int[] {2}).concat(x.mean(new int[] {2}), 1);
        NDArray h =
                Activation.relu(hidden.forward(ps, new NDList(pooled), training).singletonOrThrow());
        NDArray logits = classifier.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(logits, h);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long n = inputs[0].get(0);
        return new Shape[] {new Shape(n, classes), new Shape(n, HIDDEN)};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape conv = new Shape(in.get(0), in.get(2), in.get(1));
        conv1.initialize(manager, dataType, conv);
        Shape c1 = conv1.getOutputShapes(new Shape[] {conv})[0];
        conv2.initialize(manager, dataType, c1);
        hidden.initialize(manager, dataType, new Shape(in.get(0), 2L * HIDDEN));
        classifier.initialize(manager, dataType, new Shape(in.get(0), HIDDEN));
    }

    @Override
    public long macs(Shape[] inputs) {
        long n = inputs[0].get(0);
        long t = inputs[0].get(1);
        long d = inputs[0].get(2);
        return n * (t * HIDDEN * d * 3 + t * HIDDEN * HIDDEN * 3 + 2L * HIDDEN * HIDDEN + (long) HIDDEN * classes);
    }
}
