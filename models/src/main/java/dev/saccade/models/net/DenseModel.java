package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.saccade.models.cost.MacCounted;
import dev.saccade.models.cost.MacCounter;

/**
 * The dense baseline Saccade is measured against: f_L on every full frame of the clip, each frame summarised by its
 * pooled features and a coarse 3x4 map of where they are, then the same temporal head as exit 0.
 */
public final class DenseModel extends AbstractBlock implements MacCounted {
    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    private static final int SPATIAL_CHANNELS = 4;
    private static final int SPATIAL_CELLS = 12;
    public static final int DESCRIPTOR = Encoders.LOCAL_CHANNELS + SPATIAL_CHANNELS * SPATIAL_CELLS;

    private final int frames;
    private final SequentialBlock encoder;
    private final Conv2d spatial;
    private final TemporalHead temporal;

    public DenseModel(int framesPerClip, int classes) {
        super((byte) 1);
        this.frames = framesPerClip;
        encoder = addChildBlock("encoder", Encoders.local());
        spatial = addChildBlock(
                "spatial",
                Conv2d.builder()
                        .setKernelShape(new Shape(1, 1))
                        .setFilters(SPATIAL_CHANNELS)
                        .build());
        temporal = addChildBlock("temporal", new TemporalHead(classes));
    }

    /** Input: frames (N*T, 3, 120, 160). Output: [logits (N, C), h (N, 64)]. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray f = encoder.forward(ps, new NDList(x), training).singletonOrThrow(); // (NT, 96, 15, 20)
        return fromFeatures(ps, f, training);
    }

    /** f_L's encoder, run per frame: what an other runtime may compute densely before {@link #fromFeatures}. */
    public SequentialBlock encoder() {
        return encoder;
    }

    /** The rest of the forward pass from the encoder's maps (NT, 96, 15, 20): [logits (N, C), h (N, 64)]. */
    public NDList fromFeatures(ParameterStore ps, NDArray f, boolean training) {
        long nt = f.getShape().get(0);
        NDArray s = spatial.forward(ps, new NDList(f), training).singletonOrThrow();
        NDArray coarse = Pool.avgPool2d(s, new Shape(5, 5), new Shape(5, 5), new Shape(0, 0), false, true)
                .reshape(nt, SPATIAL_CHANNELS * SPATIAL_CELLS);
        NDArray descriptors = Tensors.concat(f.mean(new int[] {3}).mean(new int[] {2}), coarse)
                .reshape(nt / frames, frames, DESCRIPTOR);
        return temporal.forward(ps, new NDList(descriptors), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return temporal.getOutputShapes(new Shape[] {new Shape(inputs[0].get(0) / frames, frames, DESCRIPTOR)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        encoder.initialize(manager, dataType, in);
        Shape f = encoder.getOutputShapes(new Shape[] {in})[0];
        spatial.initialize(manager, dataType, f);
        temporal.initialize(manager, dataType, new Shape(in.get(0) / frames, frames, DESCRIPTOR));
    }

    @Override
    public long macs(Shape[] inputs) {
        long nt = inputs[0].get(0);
        Shape f = encoder.getOutputShapes(inputs)[0];
        return MacCounter.macs(encoder, inputs[0])
                + nt * f.get(2) * f.get(3) * Encoders.LOCAL_CHANNELS * SPATIAL_CHANNELS
                + temporal.macs(new Shape[] {new Shape(nt / frames, frames, DESCRIPTOR)});
    }
}
