package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoder for inference with every batch norm folded into the conv before it, as a plain list of layers
 * (conv with bias and activation, or a residual around a body): what skip-convolutions wrap layer by layer.
 */
public final class FoldedEncoder {
    /** The default BatchNorm epsilon of DJL, which Layers uses. */
    private static final float BN_EPSILON = 1e-5f;

    /** A layer of the folded encoder. */
    public sealed interface Node permits ConvLayer, Residual {}

    /** Activation after a folded conv. */
    public enum Act {
        NONE,
        RELU,
        RELU6
    }

    /** A conv with its batch norm folded in: weight (out, in/groups, k, k), bias (out). */
    public record ConvLayer(
            float[] weight, Shape weightShape, float[] bias, int stride, int padding, int groups, Act act)
            implements Node {
        public int outChannels() {
            return (int) weightShape.get(0);
        }

        public int kernel() {
            return (int) weightShape.get(2);
        }
    }

    /** out = body(x) + x, then the activation. */
    public record Residual(List<Node> body, Act act) implements Node {}

    private final List<Node> nodes;

    private FoldedEncoder(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Every conv layer in execution order. */
    public List<ConvLayer> convLayers() {
        List<ConvLayer> out = new ArrayList<>();
        collect(nodes, out);
        return out;
    }

    private static void collect(List<Node> nodes, List<ConvLayer> out) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer c) {
                out.add(c);
            } else if (n instanceof Residual r) {
                collect(r.body(), out);
            }
        }
    }

    /** Folds a trained encoder built from {@link Layers} blocks. */
    public static FoldedEncoder fold(SequentialBlock encoder) {
        return new FoldedEncoder(foldSequence(encoder));
    }

    private static List<Node> foldSequence(SequentialBlock seq) {
        List<Node> out = new ArrayList<>();
        List<Block> children = seq.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block b = children.get(i);
            if (b instanceof Conv2d conv) {
                BatchNorm bn = (BatchNorm) children.get(++i);
                Act act = Act.NONE;
                if (i + 1 < children.size() && children.get(i + 1) instanceof LambdaBlock l) {
                    act = "ReLU6".equals(l.getName()) ? Act.RELU6 : Act.RELU;
                    i++;
                }
                out.add(foldConv(conv, bn, act));
            } else if (b instanceof ParallelBlock p) {
                List<Node> body =
                        foldSequence((SequentialBlock) p.getChildren().values().get(0));
                // ResNet blocks (ReLU convs) apply a ReLU after the sum, in the join; MobileNet residuals are linear
                boolean resnet = body.get(0) instanceof ConvLayer first && first.act() == Act.RELU;
                out.add(new Residual(body, resnet ? Act.RELU : Act.NONE));
            } else if (b instanceof SequentialBlock s) {
                out.addAll(foldSequence(s));
            } else {
                throw new IllegalArgumentException("cannot fold " + b.getClass().getSimpleName());
            }
        }
        return out;
    }

    private static ConvLayer foldConv(Conv2d conv, BatchNorm bn, Act act) {
        NDArray w = conv.getParameters().get("weight").getArray();
        float[] weight = w.toFloatArray();
        float[] gamma = bn.getParameters().get("gamma").getArray().toFloatArray();
        float[] beta = bn.getParameters().get("beta").getArray().toFloatArray();
        float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
        float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
        int out = gamma.length;
        int perOut = weight.length / out;
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            float scale = gamma[o] / (float) Math.sqrt(var[o] + BN_EPSILON);
            for (int j = 0; j < perOut; j++) {
                weight[o * perOut + j] *= scale;
            }
            bias[o] = beta[o] - mean[o] * scale;
        }
        return new ConvLayer(
                weight,
                w.getShape(),
                bias,
                (int) conv.getStride().get(0),
                (int) conv.getPadding().get(0),
                conv.getGroups(),
                act);
    }

    /** Runs the folded layers densely with the engine's conv op. */
    public NDArray forward(NDManager m, NDArray x) {
        return run(m, nodes, x);
    }

    private static NDArray run(NDManager m, List<Node> nodes, NDArray x) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer c) {
                NDArray y = Conv2d.conv2d(
                                x,
                                m.create(c.weight(), c.weightShape()),
                                m.create(c.bias()),
                                new Shape(c.stride(), c.stride()),
                                new Shape(c.padding(), c.padding()),
                                new Shape(1, 1),
                                c.groups())
                        .singletonOrThrow();
                x = activate(y, c.act());
            } else if (n instanceof Residual r) {
                x = activate(run(m, r.body(), x).add(x), r.act());
            }
        }
        return x;
    }

    /** Applies a folded layer's activation with the engine's ops. */
    public static NDArray activate(NDArray x, Act act) {
        return switch (act) {
            case NONE -> x;
            case RELU -> Activation.relu(x);
            case RELU6 -> Activation.relu6(x);
        };
    }
}
