package dev.saccade.models.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact MAC counts of small DJL networks, checked against hand arithmetic. */
class MacCounterTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static <B extends Block> B init(B block, Shape input) {
        block.initialize(manager, DataType.FLOAT32, input);
        return block;
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding, int groups) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .optGroups(groups)
                .build();
    }

    @Test
    void strided3x3Conv() {
        Shape in = new Shape(1, 3, 32, 32);
        Conv2d c = init(conv(16, 3, 2, 1, 1), in);
        // output 16x16x16, each output element sums 3 channels x 3x3 taps
        assertThat(MacCounter.macs(c, in)).isEqualTo(16L * 16 * 16 * 27);
        assertThat(MacCounter.macs(c)).isEqualTo(16L * 16 * 16 * 27);
    }

    @Test
    void depthwiseConvSumsOneChannelPerOutput() {
        Shape in = new Shape(1, 16, 16, 16);
        Conv2d c = init(conv(16, 3, 1, 1, 16), in);
        assertThat(MacCounter.macs(c, in)).isEqualTo(16L * 16 * 16 * 9);
    }

    @Test
    void pointwiseConv() {
        Shape in = new Shape(1, 16, 8, 8);
        Conv2d c = init(conv(32, 1, 1, 0, 1), in);
        assertThat(MacCounter.macs(c, in)).isEqualTo(32L * 8 * 8 * 16);
    }

    @Test
    void conv1d() {
        Shape in = new Shape(1, 4, 10);
        Conv1d c =
                init(Conv1d.builder().setKernelShape(new Shape(3)).setFilters(6).build(), in);
        // no padding: 10 - 3 + 1 = 8 positions x 6 filters, 4 x 3 taps each
        assertThat(MacCounter.macs(c, in)).isEqualTo(6L * 8 * 12);
    }

    @Test
    void linear() {
        Linear fc = init(Linear.builder().setUnits(10).build(), new Shape(1, 64));
        assertThat(MacCounter.macs(fc, new Shape(1, 64))).isEqualTo(640);
        assertThat(MacCounter.macs(fc, new Shape(3, 64))).isEqualTo(3 * 640);
    }

    @Test
    void sequentialPropagatesShapesThroughZeroCostLayers() {
        Shape in = new Shape(1, 3, 8, 8);
        SequentialBlock net = new SequentialBlock()
                .add(conv(8, 3, 1, 1, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(4, 1, 1, 0, 1))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
        init(net, in);
        long conv1 = 8L * 8 * 8 * 27;
        long conv2 = 4L * 8 * 8 * 8;
        long fc = 4L * 4 * 4 * 10;
        assertThat(MacCounter.macs(net, in)).isEqualTo(conv1 + conv2 + fc);
    }

    @Test
    void residualParallelBlockCountsBranchesNotTheJoin() {
        Shape in = new Shape(1, 8, 8, 8);
        ParallelBlock residual = new ParallelBlock(
                outs -> new NDList(
                        outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(conv(8, 3, 1, 1, 1), Blocks.identityBlock()));
        init(residual, in);
        assertThat(MacCounter.macs(residual, in)).isEqualTo(8L * 8 * 8 * 72);
    }

    @Test
    void batchOfFourCostsFourSamples() {
        Conv2d c = init(conv(16, 3, 2, 1, 1), new Shape(4, 3, 32, 32));
        long one = 16L * 16 * 16 * 27;
        assertThat(MacCounter.macs(c, new Shape(4, 3, 32, 32))).isEqualTo(4 * one);
        assertThat(MacCounter.perSample(c, new Shape(4, 3, 32, 32))).isEqualTo(one);
    }

    @Test
    void customBlockReportsItsOwnCount() {
        Shape in = new Shape(2, 64);
        SequentialBlock net = new SequentialBlock()
                .add(new Doubler())
                .add(Linear.builder().setUnits(10).build());
        init(net, in);
        assertThat(MacCounter.macs(net, in)).isEqualTo(2 * 64 + 2 * 640);
        assertThat(MacCounter.perSample(net, in)).isEqualTo(64 + 640);
    }

    @Test
    void unknownBlockFailsLoudlyWithItsClassAndPath() {
        Shape in = new Shape(1, 64);
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(LayerNorm.builder().build());
        init(net, in);
        assertThatThrownBy(() -> MacCounter.macs(net, in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ai.djl.nn.norm.LayerNorm")
                .hasMessageContaining("SequentialBlock/02LayerNorm");
    }

    @Test
    void shapesThatDisagreeWithTheInitializedWeightsAreRejected() {
        Conv2d c = init(conv(16, 3, 2, 1, 1), new Shape(1, 3, 32, 32));
        assertThatThrownBy(() -> MacCounter.macs(c, new Shape(1, 5, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input channels");
    }

    /** Doubles its input: stands in for a network author's custom layer that counts itself. */
    private static final class Doubler extends AbstractBlock implements MacCounted {
        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().mul(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        public long macs(Shape[] inputShapes) {
            return inputShapes[0].size();
        }
    }
}
