package dev.saccade.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.models.cascade.FocusBatcher;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.TemporalHead;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what the Python reference of {@code bench focus} (benchmarks/gpu/focus_reference.py) needs to run the same
 * network on the same patches: f_L's layers as the bundle holds them (conv, batch norm, activation, residuals; not
 * folded, so Python runs the same ops), the exit heads, the bench's requests and exit thresholds, and the Java side's
 * probabilities on a few patches to check the Python network against. {@code focus-export.json} describes it;
 * {@code focus-export.bin} holds every array as little-endian float32 at the offsets (in floats) the JSON gives.
 */
final class FocusExport {
    /** The default BatchNorm epsilon of DJL, which the bundle's networks use. */
    private static final double BN_EPSILON = 1e-5;
    /** Patches whose probabilities the Python network is checked against. */
    static final int CHECK_ROWS = 8;

    private final List<float[]> arrays = new ArrayList<>();
    private long offset;

    private FocusExport() {}

    /** Writes the export into dir; returns the JSON's path. */
    static Path write(
            Path dir, FocusModel focus, NDManager manager, double[] thresholds, List<FocusBatcher.Request> requests)
            throws IOException {
        Files.createDirectories(dir);
        FocusExport e = new FocusExport();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "saccade-focus-export/1");
        json.put("patch_input", List.of(3, FocusModel.PATCH, FocusModel.PATCH));
        json.put("clip_features", TemporalHead.HIDDEN);
        json.put("steps", focus.steps());
        json.put("encoder", e.sequence(focus.encoder()));
        List<Object> exits = new ArrayList<>();
        for (int k = 1; k <= focus.steps(); k++) {
            Map<String, Object> exit = new LinkedHashMap<>();
            exit.put(
                    "weight",
                    e.param(focus.exit(k).getParameters().get("weight").getArray()));
            exit.put("bias", e.param(focus.exit(k).getParameters().get("bias").getArray()));
            exits.add(exit);
        }
        json.put("exits", exits);
        json.put("thresholds", thresholds);
        List<Integer> counts = new ArrayList<>();
        List<Object> patchRefs = new ArrayList<>();
        List<Object> clipRefs = new ArrayList<>();
        for (FocusBatcher.Request r : requests) {
            counts.add(r.patches().size());
            clipRefs.add(e.add(r.clipFeatures()));
            List<Long> mine = new ArrayList<>();
            for (float[] p : r.patches()) {
                mine.add(e.add(p));
            }
            patchRefs.add(mine);
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("patches_per_request", counts);
        req.put("patch_offsets", patchRefs);
        req.put("clip_feature_offsets", clipRefs);
        json.put("requests", req);
        json.put("check", e.check(focus, manager, requests));
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(dir.resolve("focus-export.bin")), 1 << 20)) {
            for (float[] a : e.arrays) {
                ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(a);
                out.write(b.array());
            }
        }
        Path file = dir.resolve("focus-export.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        return file;
    }

    /** The first patch of the first requests through f_L and exit 1 in Java on the bench's device. */
    private Map<String, Object> check(FocusModel focus, NDManager manager, List<FocusBatcher.Request> requests) {
        int n = Math.min(CHECK_ROWS, requests.size());
        float[] patches = new float[n * 3 * FocusModel.PATCH * FocusModel.PATCH];
        float[] h = new float[n * TemporalHead.HIDDEN];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] p = requests.get(i).patches().get(0);
            System.arraycopy(p, 0, patches, i * p.length, p.length);
            System.arraycopy(requests.get(i).clipFeatures(), 0, h, i * TemporalHead.HIDDEN, TemporalHead.HIDDEN);
            rows.add(i);
        }
        float[] probs;
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray local = focus.localFeatures(
                    ps, m.create(patches, new Shape(n, 3, FocusModel.PATCH, FocusModel.PATCH)), false);
            probs = focus.exitLogits(ps, 1, local, m.create(h, new Shape(n, TemporalHead.HIDDEN)), false)
                    .softmax(1)
                    .toFloatArray();
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("requests", rows);
        check.put("exit", 1);
        check.put("java_probabilities", probs);
        check.put("java_device", manager.getDevice().toString());
        return check;
    }

    private List<Object> sequence(SequentialBlock seq) {
        List<Object> out = new ArrayList<>();
        List<Block> children = seq.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block b = children.get(i);
            if (b instanceof Conv2d conv) {
                BatchNorm bn = (BatchNorm) children.get(++i);
                String act = "none";
                if (i + 1 < children.size() && children.get(i + 1) instanceof LambdaBlock l) {
                    act = "ReLU6".equals(l.getName()) ? "relu6" : "relu";
                    i++;
                }
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("type", "conv_bn");
                layer.put("weight", param(conv.getParameters().get("weight").getArray()));
                layer.put("stride", conv.getStride().get(0));
                layer.put("padding", conv.getPadding().get(0));
                layer.put("groups", conv.getGroups());
                layer.put("gamma", param(bn.getParameters().get("gamma").getArray()));
                layer.put("beta", param(bn.getParameters().get("beta").getArray()));
                layer.put(
                        "running_mean",
                        param(bn.getParameters().get("runningMean").getArray()));
                layer.put(
                        "running_var",
                        param(bn.getParameters().get("runningVar").getArray()));
                layer.put("eps", BN_EPSILON);
                layer.put("act", act);
                out.add(layer);
            } else if (b instanceof ParallelBlock p) {
                // Layers.basicBlock: relu(body(x) + x)
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("type", "residual");
                res.put("body", sequence((SequentialBlock)
                        p.getChildren().values().get(0)));
                res.put("act", "relu");
                out.add(res);
            } else if (b instanceof SequentialBlock s) {
                out.addAll(sequence(s));
            } else {
                throw new IllegalArgumentException(
                        "cannot export " + b.getClass().getSimpleName());
            }
        }
        return out;
    }

    private Map<String, Object> param(NDArray a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("offset", add(a.toType(DataType.FLOAT32, false).toFloatArray()));
        p.put("shape", a.getShape().getShape());
        return p;
    }

    private long add(float[] values) {
        long at = offset;
        arrays.add(values);
        offset += values.length;
        return at;
    }
}
