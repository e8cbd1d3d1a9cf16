package dev.saccade.models.net;

import ai.djl.nn.SequentialBlock;
import dev.saccade.models.net.Layers.Activation6;

/** The two encoders: the cheap MobileNetV2-style glance encoder f_G and the ResNet-style local encoder f_L. */
public final class Encoders {
    /** Channels of f_G's output map. */
    public static final int GLANCE_CHANNELS = 64;
    /** Channels of f_L's output map. */
    public static final int LOCAL_CHANNELS = 96;
    /** Glance input: BGR plus the absolute difference with the previous glance frame. */
    public static final int GLANCE_INPUT_CHANNELS = 4;

    private Encoders() {}

    /** f_G: (B, 4, 72, 96) to (B, 64, 5, 6); about 6 MMACs per frame. */
    public static SequentialBlock glance() {
        return new SequentialBlock()
                .add(Layers.convBn(16, 3, 2, 1, Activation6.RELU6))
                .add(Layers.invertedResidual(16, 16, 1, 1))
                .add(Layers.invertedResidual(16, 24, 3, 2))
                .add(Layers.invertedResidual(24, 32, 3, 2))
                .add(Layers.invertedResidual(32, 32, 3, 1))
                .add(Layers.invertedResidual(32, 48, 3, 2))
                .add(Layers.convBn(GLANCE_CHANNELS, 1, 1, 1, Activation6.RELU6));
    }

    /** f_L: (B, 3, H, W) to (B, 96, H/8, W/8); about 38 MMACs on a 64x64 patch. */
    public static SequentialBlock local() {
        return new SequentialBlock()
                .add(Layers.convBn(24, 3, 2, 1, Activation6.RELU))
                .add(Layers.basicBlock(24))
                .add(Layers.convBn(48, 3, 2, 1, Activation6.RELU))
                .add(Layers.basicBlock(48))
                .add(Layers.convBn(LOCAL_CHANNELS, 3, 2, 1, Activation6.RELU))
                .add(Layers.basicBlock(LOCAL_CHANNELS));
    }
}
