package dev.saccade.models.onnx;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import dev.saccade.models.onnx.OnnxGraph.Attribute;
import java.util.List;

/**
 * A folded encoder as an ONNX model (Conv with its folded bias, Relu or Clip(0, 6), Add for residuals) with a fixed
 * input of (1, C, H, W) floats named {@code input} and one output {@code output}, so ONNX Runtime can run the same
 * network as the engine and the skip-convolution kernels.
 */
public final class EncoderOnnx {
    public static final String INPUT = "input";

    private EncoderOnnx() {}

    /** The ModelProto's bytes for {@code encoder} on (1, channels, height, width) inputs. */
    public static byte[] export(FoldedEncoder encoder, int channels, int height, int width) {
        return export(encoder.nodes(), channels, height, width, false);
    }

    /**
     * The ModelProto's bytes for a run of a folded encoder's nodes. With {@code hwc} the input is (1, height, width,
     * channels) and the output (1, H, W, C) too, as skip-convolutions keep their maps, and the model transposes at
     * either end (ONNX Runtime's convs run on NCHW).
     */
    public static byte[] export(List<Node> nodes, int channels, int height, int width, boolean hwc) {
        return export(nodes, channels, height, width, hwc, hwc);
    }

    /** As {@link #export(List, int, int, int, boolean)}, with the input's and the output's layout chosen apart. */
    public static byte[] export(List<Node> nodes, int channels, int height, int width, boolean hwcIn, boolean hwcOut) {
        return export(nodes, channels, height, width, hwcIn, hwcOut, 1);
    }

    /** As above on a fixed batch of {@code batch} frames (every node is per frame; only the declared shapes change). */
    public static byte[] export(
            List<Node> nodes, int channels, int height, int width, boolean hwcIn, boolean hwcOut, int batch) {
        OnnxGraph g = new OnnxGraph("saccade_encoder");
        String x = INPUT;
        if (hwcIn) {
            g.input(INPUT, batch, height, width, channels);
            x = g.node("Transpose", List.of(x), Attribute.ints("perm", 0, 3, 1, 2));
        } else {
            g.input(INPUT, batch, channels, height, width);
        }
        String zero = g.initializer("zero", new float[] {0f});
        String six = g.initializer("six", new float[] {6f});
        Shapes s = new Shapes(channels, height, width);
        String out = emit(g, nodes, x, s, zero, six);
        if (hwcOut) {
            g.output(g.node("Transpose", List.of(out), Attribute.ints("perm", 0, 2, 3, 1)), batch, s.h, s.w, s.c);
        } else {
            g.output(out, batch, s.c, s.h, s.w);
        }
        return g.toModel();
    }

    /** The running shape (C, H, W) of the value being built. */
    private static final class Shapes {
        long c;
        long h;
        long w;

        Shapes(long c, long h, long w) {
            this.c = c;
            this.h = h;
            this.w = w;
        }
    }

    private static String emit(OnnxGraph g, List<Node> nodes, String x, Shapes s, String zero, String six) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer c) {
                x = conv(g, c, x, s);
                x = act(g, c.act(), x, zero, six);
            } else if (n instanceof Residual r) {
                String body = emit(g, r.body(), x, s, zero, six);
                x = act(g, r.act(), g.node("Add", List.of(body, x)), zero, six);
            }
        }
        return x;
    }

    private static String conv(OnnxGraph g, ConvLayer c, String x, Shapes s) {
        long[] dims = c.weightShape().getShape();
        String w = g.initializer("w", c.weight(), dims);
        String b = g.initializer("b", c.bias(), c.outChannels());
        int k = c.kernel();
        int p = c.padding();
        int st = c.stride();
        s.c = c.outChannels();
        s.h = (s.h + 2L * p - k) / st + 1;
        s.w = (s.w + 2L * p - k) / st + 1;
        return g.node(
                "Conv",
                List.of(x, w, b),
                Attribute.ints("kernel_shape", k, k),
                Attribute.ints("strides", st, st),
                Attribute.ints("pads", p, p, p, p),
                Attribute.ints("dilations", 1, 1),
                Attribute.of("group", c.groups()));
    }

    private static String act(OnnxGraph g, Act act, String x, String zero, String six) {
        return switch (act) {
            case NONE -> x;
            case RELU -> g.node("Relu", List.of(x));
            case RELU6 -> g.node("Clip", List.of(x, zero, six));
        };
    }
}
