package dev.saccade.models.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph being built (nodes, float initializers, one float input and output) and serialised as a ModelProto.
 * Field numbers are those of onnx/onnx.proto; only what this project's conv networks need is written.
 */
public final class OnnxGraph {
    /** The default-domain opset the graph is written for: Clip takes its bounds as inputs since 11. */
    public static final int OPSET = 17;
    /** IR version 8 (ONNX 1.10+), which every ONNX Runtime this project ships reads. */
    private static final int IR_VERSION = 8;

    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;
    private static final int TENSOR_FLOAT = 1;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private int nextName;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** A fresh value name, for an intermediate output. */
    public String fresh(String prefix) {
        return prefix + "_" + nextName++;
    }

    /** A float constant of the given shape; returns its name. */
    public String initializer(String prefix, float[] values, long... dims) {
        String n = fresh(prefix);
        initializers.add(new ProtoWriter()
                .packedVarints(1, dims)
                .varint(2, TENSOR_FLOAT)
                .string(8, n)
                .bytes(9, ProtoWriter.littleEndian(values)));
        return n;
    }

    /** A graph input of float type and fixed shape. */
    public void input(String value, long... dims) {
        inputs.add(valueInfo(value, dims));
    }

    /** A graph output of float type and fixed shape. */
    public void output(String value, long... dims) {
        outputs.add(valueInfo(value, dims));
    }

    /** A node of the default domain with int and int-list attributes; returns its one output's name. */
    public String node(String opType, List<String> in, Attribute... attributes) {
        String out = fresh(opType.toLowerCase());
        ProtoWriter node = new ProtoWriter();
        for (String i : in) {
            node.string(1, i);
        }
        node.string(2, out).string(3, out).string(4, opType);
        for (Attribute a : attributes) {
            ProtoWriter attr = new ProtoWriter().string(1, a.name());
            if (a.values().length == 1 && !a.list()) {
                attr.varint(3, a.values()[0]).varint(20, ATTR_INT);
            } else {
                attr.packedVarints(8, a.values()).varint(20, ATTR_INTS);
            }
            node.message(5, attr);
        }
        nodes.add(node);
        return out;
    }

    /** A node attribute: one int64, or a list of them. */
    public record Attribute(String name, boolean list, long... values) {
        public static Attribute of(String name, long value) {
            return new Attribute(name, false, value);
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(name, true, values);
        }
    }

    /** The ModelProto's bytes. */
    public byte[] toModel() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "saccade")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    private static ProtoWriter valueInfo(String value, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, TENSOR_FLOAT).message(2, shape);
        return new ProtoWriter().string(1, value).message(2, new ProtoWriter().message(1, tensorType));
    }
}
