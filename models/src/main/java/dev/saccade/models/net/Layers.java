package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.Arrays;

/**
 * The conv building blocks of Saccade's networks. Each conv is followed by its own BatchNorm, so inference can fold
 * the norm into the conv's weights, and layer boundaries stay visible to skip-convolutions.
 */
public final class Layers {
    private Layers() {}

    /** KxK conv (groups 1 or depthwise), batch norm, optional ReLU6/ReLU. */
    public static SequentialBlock convBn(int filters, int kernel, int stride, int groups, Activation6 act) {
        SequentialBlock b = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(kernel, kernel))
                        .setFilters(filters)
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(kernel / 2, kernel / 2))
                        .optGroups(groups)
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().build());
        switch (act) {
            case RELU6 -> b.add(Activation.relu6Block());
            case RELU -> b.add(Activation.reluBlock());
            case NONE -> {}
        }
        return b;
    }

    /** Activation after a conv: ReLU6 in the MobileNet-style encoder, ReLU in the ResNet-style one. */
    public enum Activation6 {
        RELU6,
        RELU,
        NONE
    }

    /** MobileNetV2 inverted residual: 1x1 expand, depthwise 3x3, 1x1 linear project; identity shortcut when shapes match. */
    public static Block invertedResidual(int in, int out, int expansion, int stride) {
        int hidden = in * expansion;
        SequentialBlock body = new SequentialBlock();
        if (expansion != 1) {
            body.add(convBn(hidden, 1, 1, 1, Activation6.RELU6));
        }
        body.add(convBn(hidden, 3, stride, hidden, Activation6.RELU6));
        body.add(convBn(out, 1, 1, 1, Activation6.NONE));
        if (stride == 1 && in == out) {
            return residual(body, false);
        }
        return body;
    }

    /** ResNet basic block with identity shortcut (same channels and stride 1). */
    public static Block basicBlock(int channels) {
        SequentialBlock body = new SequentialBlock()
                .add(convBn(channels, 3, 1, 1, Activation6.RELU))
                .add(convBn(channels, 3, 1, 1, Activation6.NONE));
        return residual(body, true);
    }

    private static Block residual(Block body, boolean reluAfter) {
        ParallelBlock sum = new ParallelBlock(
                list -> {
                    NDArray s = list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow());
                    return new NDList(reluAfter ? Activation.relu(s) : s);
                },
                Arrays.asList(body, Blocks.identityBlock()));
        return sum;
    }
}
