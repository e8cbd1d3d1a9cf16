package dev.saccade.models.external.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an ONNX graph of convolutional operators on DJL arrays of any engine and device, with a free leading batch
 * dimension: an exported model that declares batch 1 (as YOLOX's exports do) runs N images in one pass on a GPU.
 * Each operator maps to one array operation; intermediate arrays are closed after their last use.
 */
public final class NdGraph implements AutoCloseable {

    /** The operators this runner implements (opset 11 to 13 semantics). */
    public static final Set<String> SUPPORTED = Set.of(
            "Add", "Concat", "Conv", "MaxPool", "Mul", "Relu", "Reshape", "Resize", "Sigmoid", "Slice", "Transpose");

    private final OnnxModel model;
    private final NDManager weights;
    private final Map<String, NDArray> floatConstants = new HashMap<>();
    private final Map<String, Integer> lastUse = new HashMap<>();
    private final String inputName;
    private final long declaredBatch;

    /** Checks every operator is supported and moves the float weights onto {@code manager}'s device. */
    public NdGraph(OnnxModel model, NDManager manager) {
        this.model = model;
        Set<String> unsupported = new java.util.TreeSet<>(model.opTypes());
        unsupported.removeAll(SUPPORTED);
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("the graph uses operators " + unsupported
                    + " that the batched runner does not implement (it runs " + new java.util.TreeSet<>(SUPPORTED)
                    + ")");
        }
        List<OnnxModel.ValueInfo> feeds = model.feeds();
        if (feeds.size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("one input and one output are supported, the graph has " + feeds.size()
                    + " and " + model.outputs().size());
        }
        inputName = feeds.get(0).name();
        long[] dims = feeds.get(0).dims();
        declaredBatch = dims.length > 0 ? dims[0] : -1;
        weights = manager.newSubManager();
        for (OnnxModel.Tensor t : model.initializers().values()) {
            if (t.floats() != null && t.floats().length > 0) {
                floatConstants.put(t.name(), weights.create(t.floats(), new Shape(t.dims())));
            }
        }
        List<OnnxModel.Node> nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                lastUse.put(in, i);
            }
        }
        model.outputs().forEach(o -> lastUse.put(o, Integer.MAX_VALUE));
    }

    /** The name of the one input. */
    public String inputName() {
        return inputName;
    }

    /**
     * Runs the graph on {@code input} (batch first) and returns its output, attached to {@code input}'s manager;
     * every intermediate is closed.
     */
    public NDArray forward(NDArray input) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(inputName, input);
        List<OnnxModel.Node> nodes = model.nodes();
        long batch = input.getShape().get(0);
        NDManager scope = input.getManager();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxModel.Node node = nodes.get(i);
            NDArray out;
            try {
                out = apply(node, values, batch);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        node.opType() + " node '" + node.name() + "' failed: " + e.getMessage(), e);
            }
            values.put(node.outputs().get(0), out);
            for (String in : node.inputs()) {
                Integer last = lastUse.get(in);
                NDArray v = values.get(in);
                if (last != null && last == i && v != null && v != input) {
                    values.remove(in).close();
                }
            }
        }
        NDArray result = values.get(model.outputs().get(0));
        result.attach(scope);
        return result;
    }

    private NDArray apply(OnnxModel.Node n, Map<String, NDArray> values, long batch) {
        return switch (n.opType()) {
            case "Conv" -> conv(n, values);
            case "Sigmoid" -> Activation.sigmoid(in(n, 0, values));
            case "Relu" -> Activation.relu(in(n, 0, values));
            case "Mul" -> in(n, 0, values).mul(in(n, 1, values));
            case "Add" -> in(n, 0, values).add(in(n, 1, values));
            case "Concat" -> {
                NDList list = new NDList();
                for (int k = 0; k < n.inputs().size(); k++) {
                    list.add(in(n, k, values));
                }
                yield NDArrays.concat(list, (int) n.integer("axis", 0));
            }
            case "MaxPool" -> maxPool(n, values);
            case "Slice" -> slice(n, values);
            case "Reshape" -> reshape(n, values, batch);
            case "Resize" -> resize(n, values);
            case "Transpose" -> {
                long[] perm = n.integers("perm", null);
                NDArray x = in(n, 0, values);
                yield perm == null ? x.transpose() : x.transpose(toInts(perm));
            }
            default -> throw new IllegalStateException("unsupported " + n.opType());
        };
    }

    private NDArray in(OnnxModel.Node n, int k, Map<String, NDArray> values) {
        String name = n.inputs().get(k);
        NDArray v = values.get(name);
        if (v == null) {
            v = floatConstants.get(name);
        }
        if (v == null) {
            throw new IllegalStateException("input '" + name + "' is neither computed yet nor a float constant");
        }
        return v;
    }

    private long[] integerConstant(OnnxModel.Node n, int k) {
        if (k >= n.inputs().size() || n.inputs().get(k).isEmpty()) {
            return null;
        }
        OnnxModel.Tensor t = model.initializers().get(n.inputs().get(k));
        if (t == null || t.longs() == null) {
            throw new IllegalStateException(
                    "input " + k + " ('" + n.inputs().get(k) + "') must be an integer constant for the batched runner");
        }
        return t.longs();
    }

    private NDArray conv(OnnxModel.Node n, Map<String, NDArray> values) {
        NDArray x = in(n, 0, values);
        NDArray w = in(n, 1, values);
        NDArray b = n.inputs().size() > 2 ? in(n, 2, values) : null;
        long[] pads = n.integers("pads", new long[4]);
        if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new IllegalStateException("only symmetric 2-D padding is supported, got " + Arrays.toString(pads));
        }
        if (!"NOTSET".equals(n.text("auto_pad", "NOTSET"))) {
            throw new IllegalStateException("auto_pad is not supported");
        }
        return Conv2d.conv2d(
                        x,
                        w,
                        b,
                        new Shape(n.integers("strides", new long[] {1, 1})),
                        new Shape(pads[0], pads[1]),
                        new Shape(n.integers("dilations", new long[] {1, 1})),
                        (int) n.integer("group", 1))
                .singletonOrThrow();
    }

    private NDArray maxPool(OnnxModel.Node n, Map<String, NDArray> values) {
        long[] pads = n.integers("pads", new long[4]);
        if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new IllegalStateException("only symmetric 2-D padding is supported, got " + Arrays.toString(pads));
        }
        long[] kernel = n.integers("kernel_shape", null);
        return Pool.maxPool2d(
                in(n, 0, values),
                new Shape(kernel),
                new Shape(n.integers("strides", new long[] {1, 1})),
                new Shape(pads[0], pads[1]),
                n.integer("ceil_mode", 0) != 0);
    }

    private NDArray slice(OnnxModel.Node n, Map<String, NDArray> values) {
        NDArray x = in(n, 0, values);
        long[] starts = integerConstant(n, 1);
        long[] ends = integerConstant(n, 2);
        long[] axes = integerConstant(n, 3);
        long[] steps = integerConstant(n, 4);
        Shape shape = x.getShape();
        int rank = shape.dimension();
        long[][] ranges = new long[rank][];
        for (int k = 0; k < starts.length; k++) {
            int axis = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + rank : axes[k]);
            long step = steps == null ? 1 : steps[k];
            if (step <= 0) {
                throw new IllegalStateException("only positive slice steps are supported");
            }
            long size = shape.get(axis);
            long start = clampIndex(starts[k], size);
            long end = clampIndex(ends[k], size);
            ranges[axis] = new long[] {start, end, step};
        }
        NDIndex index = new NDIndex();
        for (int axis = 0; axis < rank; axis++) {
            long[] r = ranges[axis];
            if (r == null) {
                index.addSliceDim(0, shape.get(axis));
            } else {
                index.addSliceDim(r[0], r[1], r[2]);
            }
        }
        return x.get(index);
    }

    private static long clampIndex(long i, long size) {
        long v = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, v));
    }

    /**
     * Reshape with the batch free: a constant target whose first dimension is the batch size the graph declares
     * takes the running batch instead (an export bakes its batch into such targets).
     */
    private NDArray reshape(OnnxModel.Node n, Map<String, NDArray> values, long batch) {
        NDArray x = in(n, 0, values);
        long[] target = integerConstant(n, 1).clone();
        for (int k = 0; k < target.length; k++) {
            if (target[k] == 0) {
                target[k] = x.getShape().get(k);
            }
        }
        if (target.length > 0
                && declaredBatch > 0
                && target[0] == declaredBatch
                && x.getShape().get(0) == batch) {
            target[0] = batch;
        }
        return x.reshape(new Shape(target));
    }

    /** Nearest-neighbour Resize by whole-number scales (asymmetric coordinates, floor): each element repeated. */
    private NDArray resize(OnnxModel.Node n, Map<String, NDArray> values) {
        String mode = n.text("mode", "nearest");
        String coordinates = n.text("coordinate_transformation_mode", "half_pixel");
        String nearest = n.text("nearest_mode", "round_prefer_floor");
        if (!"nearest".equals(mode) || !"asymmetric".equals(coordinates) || !"floor".equals(nearest)) {
            throw new IllegalStateException("only nearest/asymmetric/floor Resize is supported, got " + mode + "/"
                    + coordinates + "/" + nearest);
        }
        NDArray x = in(n, 0, values);
        OnnxModel.Tensor scales =
                n.inputs().size() > 2 ? model.initializers().get(n.inputs().get(2)) : null;
        if (scales == null
                || scales.floats() == null
                || scales.floats().length != x.getShape().dimension()) {
            throw new IllegalStateException("Resize needs constant scales, one per axis (sizes are not supported)");
        }
        NDArray out = x;
        for (int axis = 0; axis < scales.floats().length; axis++) {
            float s = scales.floats()[axis];
            if (s != Math.rint(s) || s < 1) {
                throw new IllegalStateException("only whole-number upscaling is supported, got scale " + s);
            }
            if (s > 1) {
                NDArray next = out.repeat(axis, (long) s);
                if (out != x) {
                    out.close();
                }
                out = next;
            }
        }
        return out == x ? x.duplicate() : out;
    }

    private static int[] toInts(long[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }

    @Override
    public void close() {
        weights.close();
    }
}
