package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.saccade.models.cost.MacCounted;
import dev.saccade.models.cost.MacCounter;

/**
 * The glance stage on a clip's low-resolution frames: f_G, the policy (an objectness heatmap on f_G's grid that
 * ranks frames and places patches, and a patch-size level per cell) and exit 0 (a temporal head over pooled glance
 * features and the heatmap's trajectory).
 */
public final class GlanceModel extends AbstractBlock implements MacCounted {
    public static final int WIDTH = 96;
    public static final int HEIGHT = 72;
    public static final int GRID_COLS = 6;
    public static final int GRID_ROWS = 5;
    public static final int CELLS = GRID_COLS * GRID_ROWS;
    /**
     * Grey-level change (of 255) subtracted from the glance input's difference channel before it is scaled: codec and
     * sensor flicker of one or two levels otherwise lights the channel up over most of a static scene, so f_G's maps
     * flicker with it and skip-convolutions reopen background positions every frame (README, skip-convolutions).
     */
    public static final int DIFFERENCE_FLOOR_LEVELS = 2;
    /** {@link #DIFFERENCE_FLOOR_LEVELS} in input units (pixels scaled by 1/255). */
    public static final float DIFFERENCE_FLOOR = DIFFERENCE_FLOOR_LEVELS / 255f;
    /** The difference channel as the manifest describes it. */
    public static final String DIFFERENCE_CHANNEL = "abs grey difference with the previous frame, less the floor, x4";
    /**
     * Per-frame descriptor: pooled features, each channel's activation centroid in x and y (where in the frame each
     * feature fires: walking left and right differ only there), soft-argmax x and y of the heatmap, peak objectness.
     */
    public static final int DESCRIPTOR = 3 * Encoders.GLANCE_CHANNELS + 3;

    private final int frames;
    private final int levels;
    private final SequentialBlock encoder;
    private final Conv2d heat;
    private final Conv2d level;
    private final TemporalHead temporal;

    public GlanceModel(int framesPerClip, int classes, int levels) {
        super((byte) 1);
        this.frames = framesPerClip;
        this.levels = levels;
        encoder = addChildBlock("encoder", Encoders.glance());
        heat = addChildBlock(
                "heat",
                Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
        level = addChildBlock(
                "level",
                Conv2d.builder()
                        .setKernelShape(new Shape(1, 1))
                        .setFilters(levels)
                        .build());
        temporal = addChildBlock("temporal", new TemporalHead(classes));
    }

    public SequentialBlock encoder() {
        return encoder;
    }

    /**
     * Input: frames (N*T, 4, 72, 96). Output: [exit-0 logits (N, C), heat logits (N*T, 30), level logits (N*T, L, 30),
     * clip representation h (N, 64)].
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = encoder.forward(ps, new NDList(x), training).singletonOrThrow();
        return heads(ps, g, training);
    }

    /**
     * Everything after the encoder, from its feature maps g (N*T, 64, h, w): the same outputs as the whole model. The
     * pipeline's skip-convolution glance computes g itself and runs only this on the engine.
     */
    public NDList heads(ParameterStore ps, NDArray g, boolean training) {
        long nt = g.getShape().get(0);
        long n = nt / frames;
        NDArray heatLogits =
                heat.forward(ps, new NDList(g), training).singletonOrThrow().reshape(nt, CELLS);
        NDArray levelLogits =
                level.forward(ps, new NDList(g), training).singletonOrThrow().reshape(nt, levels, CELLS);
        NDArray descriptors = describe(g, heatLogits).reshape(n, frames, DESCRIPTOR);
        NDList t = temporal.forward(ps, new NDList(descriptors), training);
        return new NDList(t.get(0), heatLogits, levelLogits, t.get(1));
    }

    /**
     * Exit 0's logits (N, C) from f_G's feature maps (N*T, 64, h, w) of any grid size: how the skip-convolution bench
     * compares the glance classifier's answer on skip and dense features.
     */
    public NDArray exit0FromFeatures(ParameterStore ps, NDArray g) {
        long nt = g.getShape().get(0);
        long cells = g.getShape().get(2) * g.getShape().get(3);
        NDArray heatLogits =
                heat.forward(ps, new NDList(g), false).singletonOrThrow().reshape(nt, cells);
        NDArray descriptors = describe(g, heatLogits).reshape(nt / frames, frames, DESCRIPTOR);
        return temporal.forward(ps, new NDList(descriptors), false).get(0);
    }

    public int framesPerClip() {
        return frames;
    }

    /** The heatmap's 1x1 conv (64 to 1), for {@code GlanceHeads}. */
    public Conv2d heatConv() {
        return heat;
    }

    /** The patch-size level's 1x1 conv (64 to L), for {@code GlanceHeads}. */
    public Conv2d levelConv() {
        return level;
    }

    public TemporalHead temporal() {
        return temporal;
    }

    public int levels() {
        return levels;
    }

    /** Pooled features, where each feature fires, and where the heatmap says the object is and how sure it is. */
    public static NDArray describe(NDArray g, NDArray heatLogits) {
        NDManager m = g.getManager();
        int rows = (int) g.getShape().get(2);
        int cols = (int) g.getShape().get(3);
        float[] cx = new float[rows * cols];
        float[] cy = new float[rows * cols];
        for (int c = 0; c < rows * cols; c++) {
            cx[c] = ((c % cols) + 0.5f) / cols;
            cy[c] = ((c / cols) + 0.5f) / rows;
        }
        NDArray weights = heatLogits.softmax(1);
        NDArray x = weights.mul(m.create(cx)).sum(new int[] {1}, true);
        NDArray y = weights.mul(m.create(cy)).sum(new int[] {1}, true);
        NDArray peak = ai.djl.nn.Activation.sigmoid(heatLogits.max(new int[] {1}, true));
        NDArray pooled = g.mean(new int[] {3}).mean(new int[] {2});
        long h = g.getShape().get(2);
        long w = g.getShape().get(3);
        float[] gx = new float[(int) w];
        float[] gy = new float[(int) h];
        for (int i = 0; i < w; i++) {
            gx[i] = (i + 0.5f) / w - 0.5f;
        }
        for (int i = 0; i < h; i++) {
            gy[i] = (i + 0.5f) / h - 0.5f;
        }
        // activations are ReLU6 outputs, non-negative: a centroid per channel, damped where a channel barely fires
        NDArray mass = g.sum(new int[] {3}).sum(new int[] {2}).add(1f);
        NDArray momentX = g.mul(m.create(gx, new Shape(1, 1, 1, w)))
                .sum(new int[] {3})
                .sum(new int[] {2})
                .div(mass);
        NDArray momentY = g.mul(m.create(gy, new Shape(1, 1, h, 1)))
                .sum(new int[] {3})
                .sum(new int[] {2})
                .div(mass);
        return Tensors.concat(pooled, momentX.mul(4f), momentY.mul(4f), x, y, peak);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long nt = inputs[0].get(0);
        long n = nt / frames;
        return new Shape[] {
            new Shape(n, temporal.getOutputShapes(new Shape[] {new Shape(n, frames, DESCRIPTOR)})[0].get(1)),
            new Shape(nt, CELLS),
            new Shape(nt, levels, CELLS),
            new Shape(n, TemporalHead.HIDDEN)
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        encoder.initialize(manager, dataType, in);
        Shape g = encoder.getOutputShapes(new Shape[] {in})[0];
        heat.initialize(manager, dataType, g);
        level.initialize(manager, dataType, g);
        temporal.initialize(manager, dataType, new Shape(in.get(0) / frames, frames, DESCRIPTOR));
    }

    /** MACs of f_G alone on one frame, the part skip-convolutions accelerate. */
    public long encoderMacsPerFrame() {
        return MacCounter.macs(encoder, new Shape(1, Encoders.GLANCE_INPUT_CHANNELS, HEIGHT, WIDTH));
    }

    @Override
    public long macs(Shape[] inputs) {
        long nt = inputs[0].get(0);
        Shape g = encoder.getOutputShapes(inputs)[0];
        long cells = g.get(2) * g.get(3);
        return MacCounter.macs(encoder, inputs[0])
                + nt * cells * Encoders.GLANCE_CHANNELS * (1 + levels)
                + temporal.macs(new Shape[] {new Shape(nt / frames, frames, DESCRIPTOR)});
    }
}
