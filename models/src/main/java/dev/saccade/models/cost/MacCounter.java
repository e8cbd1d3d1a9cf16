package dev.saccade.models.cost;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.SymbolBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.core.Prelu;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import java.util.Objects;

/**
 * Counts the multiply-accumulates of one forward pass of a DJL block exactly, from its layer shapes.
 *
 * <p>What is counted:
 *
 * <ul>
 *   <li>{@link Convolution} ({@code Conv1d}, {@code Conv2d}, {@code Conv3d}): output elements x
 *       (input channels / groups) x kernel elements. Dilation and padding change no MAC count beyond
 *       the output size; the bias add is not a MAC.
 *   <li>{@link Linear}: output elements x input features.
 *   <li>{@link SequentialBlock} (and subclasses): children in order, shapes propagated through each
 *       child's {@code getOutputShapes}. {@link ParallelBlock}: every branch on the same input; the
 *       join function counts 0.
 *   <li>0 MACs: {@link LambdaBlock} (DJL's activations, pooling, flatten and identity are lambdas),
 *       {@link BatchNorm} (folded into the preceding convolution at inference), {@link Dropout}
 *       (identity at inference) and {@link Prelu}. Pooling is elementwise comparison or addition, no
 *       multiply-accumulate, so 0 is its MAC count rather than an approximation. A lambda that hides a
 *       matrix product is counted as 0 too: put such work in a {@link MacCounted} block instead.
 *   <li>Any block implementing {@link MacCounted} reports its own count (checked first, so it also
 *       overrides the rules above).
 * </ul>
 *
 * <p>Every other block type throws {@link IllegalArgumentException} naming its class and its path in
 * the tree: a cost figure that silently skips a layer would be worse than none. Shape propagation
 * through lambdas and parallel joins runs them on zero arrays, so a DJL engine must be loadable.
 */
public final class MacCounter {

    private MacCounter() {}

    /**
     * MACs of one forward pass of {@code block} for these input shapes (batch dimension included),
     * summed over the batch. With no shapes, the shapes the block was initialized with are used.
     */
    public static long macs(Block block, Shape... inputShapes) {
        Objects.requireNonNull(block, "block");
        Shape[] shapes = inputShapes.length == 0 ? block.getInputShapes() : inputShapes;
        return count(block, shapes, block.getClass().getSimpleName());
    }

    /**
     * MACs per sample: {@link #macs} divided by the batch size (first dimension of the first input).
     *
     * @throws IllegalArgumentException if the total is not a multiple of the batch size, which means
     *     some block's cost does not scale with the batch and a per-sample figure would mislead
     */
    public static long perSample(Block block, Shape... inputShapes) {
        Shape[] shapes = inputShapes.length == 0 ? block.getInputShapes() : inputShapes;
        if (shapes.length == 0 || shapes[0].dimension() == 0 || shapes[0].get(0) <= 0) {
            throw new IllegalArgumentException("first input shape has no positive batch dimension");
        }
        long batch = shapes[0].get(0);
        long total = macs(block, shapes);
        if (total % batch != 0) {
            throw new IllegalArgumentException("MACs " + total + " are not a multiple of the batch size " + batch);
        }
        return total / batch;
    }

    private static long count(Block block, Shape[] in, String path) {
        if (block instanceof MacCounted counted) {
            long macs = counted.macs(in);
            if (macs < 0) {
                throw new IllegalStateException(
                        path + " (" + block.getClass().getName() + ") reported " + macs + " MACs");
            }
            return macs;
        }
        if (block instanceof SequentialBlock) {
            long total = 0;
            Shape[] shapes = in;
            for (Pair<String, Block> child : block.getChildren()) {
                total = Math.addExact(total, count(child.getValue(), shapes, path + "/" + child.getKey()));
                shapes = child.getValue().getOutputShapes(shapes);
            }
            return total;
        }
        if (block instanceof ParallelBlock) {
            long total = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                total = Math.addExact(total, count(child.getValue(), in, path + "/" + child.getKey()));
            }
            return total;
        }
        if (block instanceof Convolution conv) {
            return convolution(conv, in, path);
        }
        if (block instanceof Linear linear) {
            return linear(linear, in, path);
        }
        if (block instanceof LambdaBlock
                || block instanceof BatchNorm
                || block instanceof Dropout
                || block instanceof Prelu) {
            return 0;
        }
        if (block instanceof SymbolBlock) {
            throw new IllegalArgumentException(
                    path + ": " + block.getClass().getName() + " is an opaque imported graph; its MACs cannot be"
                            + " derived from layer shapes (count the DJL-defined network, or wrap it in a MacCounted)");
        }
        throw new IllegalArgumentException(path + ": cannot count MACs of block type "
                + block.getClass().getName() + " (implement " + MacCounted.class.getName() + " on it)");
    }

    private static long convolution(Convolution conv, Shape[] in, String path) {
        Shape input = single(in, path);
        int spatial = conv.getKernelShape().dimension();
        if (input.dimension() != spatial + 2) {
            throw new IllegalArgumentException(path + ": convolution with a " + spatial
                    + "-d kernel needs (N, C, ...) input of rank " + (spatial + 2) + ", got " + input);
        }
        long inChannels = input.get(1);
        int groups = conv.getGroups();
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException(
                    path + ": " + inChannels + " input channels do not split into " + groups + " groups");
        }
        long perGroup = inChannels / groups;
        // an initialized weight is (filters, in/groups, k...): a mismatch means the shapes given are not
        // the ones the network runs on
        Shape weight = weightShape(conv);
        if (weight != null && weight.get(1) != perGroup) {
            throw new IllegalArgumentException(path + ": weight " + weight + " expects " + weight.get(1) * groups
                    + " input channels, input shape is " + input);
        }
        Shape out = conv.getOutputShapes(in)[0];
        long macs = Math.multiplyExact(out.size(), perGroup);
        return Math.multiplyExact(macs, conv.getKernelShape().size());
    }

    private static long linear(Linear linear, Shape[] in, String path) {
        Shape input = single(in, path);
        long inFeatures = input.tail();
        Shape weight = weightShape(linear);
        if (weight != null && weight.get(1) != inFeatures) {
            throw new IllegalArgumentException(path + ": weight " + weight + " expects " + weight.get(1)
                    + " input features, input shape is " + input);
        }
        Shape out = linear.getOutputShapes(in)[0];
        return Math.multiplyExact(out.size(), inFeatures);
    }

    private static Shape weightShape(Block block) {
        Parameter weight = block.getDirectParameters().get("weight");
        if (weight == null) {
            return null;
        }
        Shape shape = weight.getShape();
        return shape == null || shape.dimension() < 2 ? null : shape;
    }

    private static Shape single(Shape[] in, String path) {
        if (in.length != 1) {
            throw new IllegalArgumentException(path + ": expected one input shape, got " + in.length);
        }
        return in[0];
    }
}
