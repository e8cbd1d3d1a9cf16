package dev.saccade.models.cost;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts the multiply-accumulates of one forward pass of an ONNX model by running it once under ONNX Runtime's
 * profiler (graph optimisations off, so every node keeps its standard shapes) and summing, per convolution and matrix
 * product the profile lists, output elements times the length of each dot product.
 */
public final class OnnxMacs {
    private OnnxMacs() {}

    /** MACs of one pass of {@code model} on a zero input of its declared shape (dynamic dimensions taken as 1). */
    public static long count(Path model) throws IOException {
        Path dir = Files.createTempDirectory("onnx-macs");
        try {
            // DJL's engine creates the process's one environment with its thread pool; take that one, never a rival
            ai.djl.engine.Engine.getEngine("OnnxRuntime");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            String profile;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
                options.enableProfiling(dir.resolve("profile").toString());
                try (OrtSession session = env.createSession(model.toString(), options)) {
                    Map.Entry<String, NodeInfo> input =
                            session.getInputInfo().entrySet().iterator().next();
                    long[] shape =
                            ((TensorInfo) input.getValue().getInfo()).getShape().clone();
                    long size = 1;
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = Math.max(1, shape[i]);
                        size *= shape[i];
                    }
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) size), shape);
                            OrtSession.Result ignored = session.run(Map.of(input.getKey(), x))) {
                        profile = session.endProfiling();
                    }
                }
            } catch (OrtException e) {
                throw new IOException("cannot run " + model + " to count its MACs: " + e.getMessage(), e);
            }
            return fromProfile(new ObjectMapper().readTree(Path.of(profile).toFile()));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The MACs of the Conv, MatMul and Gemm nodes of an ONNX Runtime profile, each node counted once. */
    static long fromProfile(JsonNode events) {
        long macs = 0;
        Set<String> seen = new HashSet<>();
        for (JsonNode e : events) {
            JsonNode args = e.path("args");
            String op = args.path("op_name").asText("");
            if (!"Node".equals(e.path("cat").asText())
                    || !seen.add(e.path("name").asText())) {
                continue;
            }
            long[] out = firstShape(args.path("output_type_shape"), 0);
            long outElements = product(out, 0);
            switch (op) {
                case "Conv", "FusedConv" -> {
                    long[] w = firstShape(args.path("input_type_shape"), 1);
                    macs += outElements * product(w, 1);
                }
                case "MatMul", "Gemm" -> {
                    long[] a = firstShape(args.path("input_type_shape"), 0);
                    macs += outElements * a[a.length - 1];
                }
                default -> {}
            }
        }
        return macs;
    }

    private static long[] firstShape(JsonNode list, int index) {
        JsonNode entry = list.path(index);
        JsonNode dims = entry.elements().hasNext() ? entry.elements().next() : null;
        if (dims == null) {
            return new long[0];
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).asLong();
        }
        return shape;
    }

    private static long product(long[] shape, int from) {
        long p = 1;
        for (int i = from; i < shape.length; i++) {
            p *= shape[i];
        }
        return p;
    }
}
