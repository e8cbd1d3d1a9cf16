package dev.saccade.models.external.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An ONNX model's graph as read from its file: nodes in order, initializers, graph inputs and outputs, opset. */
public record OnnxModel(
        long opset, List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<String> outputs) {

    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;

    /** One operator: its type, input and output value names, attributes. */
    public record Node(
            String opType, String name, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {

        long integer(String attribute, long orElse) {
            Attribute a = attributes.get(attribute);
            return a == null ? orElse : a.i();
        }

        long[] integers(String attribute, long[] orElse) {
            Attribute a = attributes.get(attribute);
            return a == null ? orElse : a.ints();
        }

        String text(String attribute, String orElse) {
            Attribute a = attributes.get(attribute);
            return a == null || a.s() == null ? orElse : a.s();
        }
    }

    /** A node attribute; only the fields its type uses are set. */
    public record Attribute(String name, float f, long i, String s, float[] floats, long[] ints) {}

    /** A constant tensor: floats for float data, longs for integer data. */
    public record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {}

    /** A graph input or output: its name and dimensions (-1 where symbolic or unknown). */
    public record ValueInfo(String name, long[] dims) {}

    /** The graph inputs that are not initializers, which a caller must feed. */
    public List<ValueInfo> feeds() {
        return inputs.stream().filter(v -> !initializers.containsKey(v.name())).toList();
    }

    /** The operator types the graph uses. */
    public Set<String> opTypes() {
        Set<String> types = new java.util.TreeSet<>();
        nodes.forEach(n -> types.add(n.opType()));
        return types;
    }

    /** Reads {@code file}; weights stored outside the file (external data) are not supported. */
    public static OnnxModel read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static OnnxModel parse(ByteBuffer bytes) {
        ProtoReader model = new ProtoReader(bytes);
        long opset = -1;
        ProtoReader graph = null;
        while (model.next()) {
            switch (model.field()) {
                case 7 -> graph = model.message();
                case 8 -> {
                    ProtoReader set = model.message();
                    String domain = "";
                    long version = -1;
                    while (set.next()) {
                        switch (set.field()) {
                            case 1 -> domain = set.string();
                            case 2 -> version = set.varint();
                            default -> set.skip();
                        }
                    }
                    if (domain.isEmpty() || "ai.onnx".equals(domain)) {
                        opset = version;
                    }
                }
                default -> model.skip();
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("no graph");
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.field()) {
                case 1 -> nodes.add(node(graph.message()));
                case 5 -> {
                    Tensor t = tensor(graph.message());
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(valueInfo(graph.message()));
                case 12 -> outputs.add(valueInfo(graph.message()).name());
                default -> graph.skip();
            }
        }
        return new OnnxModel(
                opset, List.copyOf(nodes), Map.copyOf(initializers), List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Node node(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = null;
        String domain = "";
        Map<String, Attribute> attributes = new HashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> {
                    Attribute a = attribute(r.message());
                    attributes.put(a.name(), a);
                }
                case 7 -> domain = r.string();
                default -> r.skip();
            }
        }
        if (op == null) {
            throw new IllegalArgumentException("a node without an operator type");
        }
        if (!domain.isEmpty() && !"ai.onnx".equals(domain)) {
            throw new IllegalArgumentException(
                    "node " + name + " is of domain " + domain + ", only ONNX's own is read");
        }
        return new Node(op, name, List.copyOf(in), List.copyOf(out), Map.copyOf(attributes));
    }

    private static Attribute attribute(ProtoReader r) {
        String name = null;
        float f = 0f;
        long i = 0;
        String s = null;
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        ProtoReader.LongList ints = new ProtoReader.LongList();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> f = r.fixed32Float();
                case 3 -> i = r.varint();
                case 4 -> s = r.string();
                case 7 -> r.floats(floats);
                case 8 -> r.int64s(ints);
                default -> r.skip();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("an attribute without a name");
        }
        return new Attribute(name, f, i, s, floats.toArray(), ints.toArray());
    }

    static Tensor tensor(ProtoReader r) {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        ProtoReader.FloatList floatData = new ProtoReader.FloatList();
        ProtoReader.LongList intData = new ProtoReader.LongList();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.int64s(dims);
                case 2 -> type = (int) r.varint();
                case 4 -> r.floats(floatData);
                case 5, 7 -> r.int64s(intData);
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> {
                    if (r.varint() != 0) {
                        throw new IllegalArgumentException("tensor " + name + " keeps its data outside the file");
                    }
                }
                default -> r.skip();
            }
        }
        long[] shape = dims.toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        switch (type) {
            case FLOAT -> {
                float[] values = raw != null ? rawFloats(raw) : floatData.toArray();
                checkCount(name, values.length, count);
                return new Tensor(name, shape, type, values, null);
            }
            case INT64, INT32 -> {
                long[] values = raw != null ? rawIntegers(raw, type == INT64 ? 8 : 4) : intData.toArray();
                checkCount(name, values.length, count);
                return new Tensor(name, shape, type, null, values);
            }
            default -> throw new IllegalArgumentException(
                    "tensor " + name + " has data type " + type + "; float32, int32 and int64 are read");
        }
    }

    private static void checkCount(String name, int have, long want) {
        if (have != want) {
            throw new IllegalArgumentException(
                    "tensor " + name + " holds " + have + " values for " + want + " elements");
        }
    }

    private static float[] rawFloats(ByteBuffer raw) {
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }

    private static long[] rawIntegers(ByteBuffer raw, int width) {
        long[] values = new long[raw.remaining() / width];
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 8 ? raw.getLong() : raw.getInt();
        }
        return values;
    }

    private static ValueInfo valueInfo(ProtoReader r) {
        String name = null;
        ProtoReader.LongList dims = new ProtoReader.LongList();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> {
                    ProtoReader type = r.message();
                    while (type.next()) {
                        if (type.field() == 1) {
                            ProtoReader tensor = type.message();
                            while (tensor.next()) {
                                if (tensor.field() == 2) {
                                    ProtoReader shape = tensor.message();
                                    while (shape.next()) {
                                        if (shape.field() == 1) {
                                            dims.add(dimension(shape.message()));
                                        } else {
                                            shape.skip();
                                        }
                                    }
                                } else {
                                    tensor.skip();
                                }
                            }
                        } else {
                            type.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new ValueInfo(name, dims.toArray());
    }

    private static long dimension(ProtoReader r) {
        long value = -1;
        while (r.next()) {
            if (r.field() == 1) {
                value = r.varint();
            } else {
                r.skip();
            }
        }
        return value;
    }
}
