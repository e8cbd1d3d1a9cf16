package dev.saccade.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.skipconv.LayerPlan;
import dev.saccade.models.skipconv.SkipConvNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Skip-convolutions built from the engine's ops, for any device (a GPU above all) and a batch of streams at once, kept
 * to compare against {@link SkipConvNetwork} ({@code ./saccade bench skipconv-blocks}): each
 * conv layer gates its input per position against x_ref (the same weighted-residual norm as {@link SkipConvNetwork}),
 * copies opened positions into x_ref, and recomputes, from x_ref, every block of b x b outputs whose window touches an
 * opened position: the open blocks' input tiles (with their halo) are gathered into one batch, run through the
 * layer's conv in one call and scattered into the cached output. So the cached output is always exactly the layer
 * applied to x_ref, whatever b; b only trades wasted MACs (closed outputs inside an open block, halo reads) against
 * fewer, larger tiles. Above the dense-fallback share of open blocks a layer runs densely on x_ref.
 *
 * <p>Weights and index tables live on the device of the manager given; one instance serves one thread.
 */
public final class BlockSkipConvNetwork implements AutoCloseable {
    private static final class Layer {
        int index;
        int inNode;
        int outNode;
        int inC;
        int inH;
        int inW;
        int outC;
        int outH;
        int outW;
        int k;
        int stride;
        int pad;
        int groups;
        Act act;
        int tile;
        int blocksY;
        int blocksX;
        int refH;
        int refW;
        int outPadH;
        int outPadW;
        long macsPerOutput;
        NDArray weight;
        NDArray bias;
        NDArray gain;
        /** Flat offset of each block's input tile origin in the padded x_ref, per stream, row-major over blocks. */
        NDArray inBase;
        /** Flat offsets of a tile's elements (C, T, T) from its origin. */
        NDArray inOffsets;

        NDArray outBase;
        NDArray outOffsets;
    }

    private record Join(int a, int b, int out, Act act) {}

    private final NDManager manager;
    private final int block;
    private final int streams;
    private final float epsilon;
    private final float denseFallback;
    private final List<Object> ops = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    /** Values a pass holds: a plan buffer is a node of the same number, node 0 the input. */
    private int nodes;

    private final long[] computedOutputs;
    private final long[] openedInputs;
    private final boolean[] denseLayer;
    private long macs;
    private boolean recordOpened;

    /** Compiles the encoder for {@code streams} streams of {@code channels x height x width} inputs. */
    public BlockSkipConvNetwork(
            FoldedEncoder encoder,
            NDManager parent,
            int streams,
            int channels,
            int height,
            int width,
            int block,
            float epsilon,
            float denseFallback) {
        if (block < 1 || streams < 1) {
            throw new IllegalArgumentException("block size and streams must be positive");
        }
        this.manager = parent.newSubManager();
        this.block = block;
        this.streams = streams;
        this.epsilon = epsilon;
        this.denseFallback = denseFallback;
        compile(new LayerPlan(encoder, height, width, channels));
        computedOutputs = new long[layers.size()];
        openedInputs = new long[layers.size()];
        denseLayer = new boolean[layers.size()];
    }

    private void compile(LayerPlan plan) {
        nodes = plan.buffers();
        for (LayerPlan.Step step : plan.steps()) {
            if (step instanceof LayerPlan.Conv c) {
                addLayer(c);
            } else {
                LayerPlan.Add a = (LayerPlan.Add) step;
                ops.add(new Join(a.aBuffer(), a.bBuffer(), a.outBuffer(), a.act()));
            }
        }
    }

    private void addLayer(LayerPlan.Conv c) {
        Layer l = new Layer();
        l.index = c.index();
        l.inNode = c.inBuffer();
        l.inC = c.inC();
        l.inH = c.inH();
        l.inW = c.inW();
        l.outC = c.outC();
        l.k = c.kernel();
        l.stride = c.stride();
        l.pad = c.padding();
        l.groups = c.layer().groups();
        l.act = c.act();
        l.outH = c.outH();
        l.outW = c.outW();
        l.tile = (block - 1) * l.stride + l.k;
        l.blocksY = (l.outH + block - 1) / block;
        l.blocksX = (l.outW + block - 1) / block;
        // the padded reference holds every block's tile: the conv's own zero padding plus what the last block overhangs
        l.refH = Math.max(l.inH + 2 * l.pad, (l.blocksY - 1) * block * l.stride + l.tile);
        l.refW = Math.max(l.inW + 2 * l.pad, (l.blocksX - 1) * block * l.stride + l.tile);
        l.outPadH = l.blocksY * block;
        l.outPadW = l.blocksX * block;
        l.macsPerOutput = c.macsPerOutput();
        l.weight = manager.create(c.layer().weight(), c.layer().weightShape());
        l.bias = manager.create(c.layer().bias());
        l.gain = manager.create(c.channelGain(), new Shape(1, l.inC, 1, 1));
        int blocks = l.blocksY * l.blocksX;
        long[] inBase = new long[streams * blocks];
        long[] outBase = new long[streams * blocks];
        for (int st = 0; st < streams; st++) {
            for (int by = 0; by < l.blocksY; by++) {
                for (int bx = 0; bx < l.blocksX; bx++) {
                    int j = (st * l.blocksY + by) * l.blocksX + bx;
                    inBase[j] = (long) st * l.inC * l.refH * l.refW
                            + (long) by * block * l.stride * l.refW
                            + (long) bx * block * l.stride;
                    outBase[j] = (long) st * l.outC * l.outPadH * l.outPadW
                            + (long) by * block * l.outPadW
                            + (long) bx * block;
                }
            }
        }
        long[] inOffsets = new long[l.inC * l.tile * l.tile];
        for (int ch = 0, i = 0; ch < l.inC; ch++) {
            for (int y = 0; y < l.tile; y++) {
                for (int x = 0; x < l.tile; x++) {
                    inOffsets[i++] = (long) ch * l.refH * l.refW + (long) y * l.refW + x;
                }
            }
        }
        long[] outOffsets = new long[l.outC * block * block];
        for (int ch = 0, i = 0; ch < l.outC; ch++) {
            for (int y = 0; y < block; y++) {
                for (int x = 0; x < block; x++) {
                    outOffsets[i++] = (long) ch * l.outPadH * l.outPadW + (long) y * l.outPadW + x;
                }
            }
        }
        l.inBase = manager.create(inBase);
        l.outBase = manager.create(outBase);
        l.inOffsets = manager.create(inOffsets, new Shape(1, inOffsets.length));
        l.outOffsets = manager.create(outOffsets, new Shape(1, outOffsets.length));
        l.outNode = c.outBuffer();
        layers.add(l);
        ops.add(l);
    }

    /** The streams' cache: per layer the padded reference input and the padded output, and the gate's scale. */
    public final class State implements AutoCloseable {
        private final NDManager stateManager = manager.newSubManager();
        private final NDArray[] refs = new NDArray[layers.size()];
        private final NDArray[] outputs = new NDArray[layers.size()];
        private final NDArray[] thresholds = new NDArray[layers.size()];
        private boolean fresh = true;

        private State() {
            for (Layer l : layers) {
                refs[l.index] = stateManager.zeros(new Shape(streams, l.inC, l.refH, l.refW));
                outputs[l.index] = stateManager.zeros(new Shape(streams, l.outC, l.outPadH, l.outPadW));
            }
        }

        /** Device bytes of the cache per stream. */
        public long bytesPerStream() {
            long floats = 0;
            for (Layer l : layers) {
                floats += (long) l.inC * l.refH * l.refW + (long) l.outC * l.outPadH * l.outPadW + 1;
            }
            return floats * Float.BYTES;
        }

        /** The next frame of every stream is computed densely (first frames, scene cuts). */
        public void reset() {
            fresh = true;
        }

        @Override
        public void close() {
            stateManager.close();
        }
    }

    /** A fresh cache for this network's streams. */
    public State newState() {
        return new State();
    }

    public int convLayers() {
        return layers.size();
    }

    public int streams() {
        return streams;
    }

    public int blockSize() {
        return block;
    }

    /** Output positions of conv layer {@code i} per stream. */
    public int layerOutputPositions(int i) {
        return layers.get(i).outH * layers.get(i).outW;
    }

    /** Input positions of conv layer {@code i} per stream. */
    public int layerInputPositions(int i) {
        return layers.get(i).inH * layers.get(i).inW;
    }

    /** MACs of one dense pass over all streams. */
    public long denseMacs() {
        long m = 0;
        for (Layer l : layers) {
            m += l.macsPerOutput * l.outH * l.outW * streams;
        }
        return m;
    }

    /** MACs the last {@link #run} executed (every output of an open block counts, as it ran). */
    public long lastMacs() {
        return macs;
    }

    /** Outputs of layer {@code i} the last run computed, over all streams (whole blocks). */
    public long lastComputed(int i) {
        return computedOutputs[i];
    }

    /** Input positions of layer {@code i} whose gate opened in the last run, over all streams. */
    public long lastOpened(int i) {
        return openedInputs[i];
    }

    /** Whether runs count opened inputs per layer ({@link #lastOpened}); costs a device sync per layer. */
    public void recordOpened(boolean record) {
        recordOpened = record;
    }

    /** Whether layer {@code i} ran densely in the last run. */
    public boolean lastDense(int i) {
        return denseLayer[i];
    }

    /**
     * One frame per stream, (S, C, H, W) on this network's device, through the cache; returns the output map (S, C', H',
     * W') in {@code frameManager}, valid until the next run.
     */
    public NDArray run(State state, NDArray input, NDManager frameManager) {
        Inference.gradientsOff();
        macs = 0;
        NDArray[] values = new NDArray[nodes];
        values[0] = input;
        boolean fresh = state.fresh;
        for (Object op : ops) {
            if (op instanceof Layer l) {
                values[l.outNode] = runLayer(l, state, values[l.inNode], fresh, frameManager);
            } else {
                Join j = (Join) op;
                values[j.out()] = FoldedEncoder.activate(values[j.a()].add(values[j.b()]), j.act());
            }
        }
        state.fresh = false;
        return values[values.length - 1];
    }

    /** The same network densely with the same weights and device: the engine's conv per layer over all streams. */
    public NDArray dense(NDArray input) {
        Inference.gradientsOff();
        NDArray[] values = new NDArray[nodes];
        values[0] = input;
        for (Object op : ops) {
            if (op instanceof Layer l) {
                values[l.outNode] = FoldedEncoder.activate(conv(l, values[l.inNode], l.pad), l.act);
            } else {
                Join j = (Join) op;
                values[j.out()] = FoldedEncoder.activate(values[j.a()].add(values[j.b()]), j.act());
            }
        }
        return values[values.length - 1];
    }

    private NDArray conv(Layer l, NDArray x, int pad) {
        return Conv2d.conv2d(
                        x,
                        l.weight,
                        l.bias,
                        new Shape(l.stride, l.stride),
                        new Shape(pad, pad),
                        new Shape(1, 1),
                        l.groups)
                .singletonOrThrow();
    }

    private NDIndex interior(Layer l) {
        return new NDIndex(":, :, {}:{}, {}:{}", l.pad, l.pad + l.inH, l.pad, l.pad + l.inW);
    }

    private NDIndex validOutputs(Layer l) {
        return new NDIndex(":, :, :{}, :{}", l.outH, l.outW);
    }

    private NDArray runLayer(Layer l, State state, NDArray in, boolean fresh, NDManager m) {
        // results go to the manager of an op's first operand: every op on the cache names the frame's manager
        NDArray ref = state.refs[l.index];
        NDArray out = state.outputs[l.index];
        long outputs = (long) l.outH * l.outW * streams;
        denseLayer[l.index] = false;
        if (fresh) {
            ref.set(interior(l), in);
            NDArray y = FoldedEncoder.activate(conv(l, in, l.pad), l.act);
            out.set(validOutputs(l), y);
            // the gate's scale: the layer's mean |output| on each stream's first frame
            NDArray threshold = y.abs()
                    .sum(new int[] {1, 2, 3}, true)
                    .div((float) l.outC * l.outH * l.outW)
                    .maximum(1e-6f)
                    .mul(epsilon);
            if (state.thresholds[l.index] != null) {
                state.thresholds[l.index].close();
            }
            threshold.attach(state.stateManager);
            state.thresholds[l.index] = threshold;
            openedInputs[l.index] = (long) l.inH * l.inW * streams;
            return dense(l, y, outputs);
        }
        NDArray refInterior = ref.get(m, interior(l));
        NDArray opened =
                in.sub(refInterior).abs().mul(l.gain).sum(new int[] {1}, true).gt(state.thresholds[l.index]);
        ref.set(interior(l), NDArrays.where(opened.broadcast(in.getShape()), in, refInterior));
        NDArray openedFloat = opened.toType(DataType.FLOAT32, false);
        if (recordOpened) {
            openedInputs[l.index] = (long) openedFloat.sum().getFloat(); // a device sync: statistics passes only
        }
        // outputs whose window touches an opened input, then the blocks holding them
        NDArray touched = l.k == 1 && l.stride == 1
                ? openedFloat
                : Pool.maxPool2d(
                        openedFloat,
                        new Shape(l.k, l.k),
                        new Shape(l.stride, l.stride),
                        new Shape(l.pad, l.pad),
                        false);
        NDArray blocks = block == 1
                ? touched
                : Pool.maxPool2d(touched, new Shape(block, block), new Shape(block, block), new Shape(0, 0), true);
        NDArray open = blocks.reshape(-1).nonzero().reshape(-1);
        long n = open.getShape().get(0);
        if (n > denseFallback * l.blocksY * l.blocksX * streams) {
            NDArray y = FoldedEncoder.activate(conv(l, ref.get(m, interior(l)), l.pad), l.act);
            out.set(validOutputs(l), y);
            return dense(l, y, outputs);
        }
        computedOutputs[l.index] = n * block * block;
        macs += l.macsPerOutput * n * block * block;
        if (n > 0) {
            NDArray tileIndex =
                    l.inBase.get(m, new NDIndex("{}", open)).reshape(n, 1).add(l.inOffsets);
            NDArray tiles = ref.take(m, tileIndex).reshape(n, l.inC, l.tile, l.tile);
            NDArray y = FoldedEncoder.activate(conv(l, tiles, 0), l.act);
            NDArray outIndex = l.outBase
                    .get(m, new NDIndex("{}", open))
                    .reshape(n, 1)
                    .add(l.outOffsets)
                    .reshape(-1);
            try (NDArray flat = out.reshape(-1)) { // a view: the scatter writes into the cache
                flat.set(new NDIndex("{}", outIndex), y.reshape(-1));
            }
        }
        return out.get(m, validOutputs(l));
    }

    private NDArray dense(Layer l, NDArray y, long outputs) {
        computedOutputs[l.index] = outputs;
        denseLayer[l.index] = true;
        macs += l.macsPerOutput * outputs;
        return y;
    }

    @Override
    public void close() {
        manager.close();
    }
}
