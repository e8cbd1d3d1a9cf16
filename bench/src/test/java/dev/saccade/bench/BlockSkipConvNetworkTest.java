package dev.saccade.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FoldedEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Block skip-convolutions from engine ops against the engine's dense pass, two streams with moving squares. */
class BlockSkipConvNetworkTest {
    private static final int H = 72;
    private static final int W = 96;
    private static final int STREAMS = 2;
    private static NDManager manager;
    private static FoldedEncoder encoder;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager("PyTorch");
        SequentialBlock block = Encoders.glance();
        block.setInitializer(new NormalInitializer(0.3f), ai.djl.nn.Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, Encoders.GLANCE_INPUT_CHANNELS, H, W));
        encoder = FoldedEncoder.fold(block);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** CHW frames of a textured scene per stream, a bright square moving differently in each. */
    private static List<float[]> frames(int count) {
        float[] texture = new float[4 * H * W];
        Random r = new Random(7);
        for (int i = 0; i < texture.length; i++) {
            texture[i] = r.nextFloat() - 0.5f;
        }
        List<float[]> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            float[] batch = new float[STREAMS * texture.length];
            for (int s = 0; s < STREAMS; s++) {
                System.arraycopy(texture, 0, batch, s * texture.length, texture.length);
                int x0 = 5 + t * (s + 2);
                int y0 = 10 + 7 * s;
                for (int c = 0; c < 4; c++) {
                    for (int y = y0; y < Math.min(H, y0 + 10); y++) {
                        for (int x = x0; x < Math.min(W, x0 + 10); x++) {
                            batch[s * texture.length + (c * H + y) * W + x] = 0.45f;
                        }
                    }
                }
            }
            out.add(batch);
        }
        return out;
    }

    private static double maxRelErr(float[] a, float[] b) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / maxRef;
    }

    private record Pass(List<float[]> maps, List<Long> macs) {}

    private static Pass run(int block, float epsilon, List<float[]> frames) {
        List<float[]> maps = new ArrayList<>();
        List<Long> macs = new ArrayList<>();
        try (BlockSkipConvNetwork net =
                        new BlockSkipConvNetwork(encoder, manager, STREAMS, 4, H, W, block, epsilon, 0.7f);
                BlockSkipConvNetwork.State state = net.newState()) {
            for (float[] f : frames) {
                try (NDManager m = manager.newSubManager()) {
                    NDArray x = m.create(f, new Shape(STREAMS, 4, H, W));
                    maps.add(net.run(state, x, m).toFloatArray());
                    macs.add(net.lastMacs());
                }
            }
        }
        return new Pass(maps, macs);
    }

    private static List<float[]> dense(List<float[]> frames) {
        List<float[]> maps = new ArrayList<>();
        try (BlockSkipConvNetwork net = new BlockSkipConvNetwork(encoder, manager, STREAMS, 4, H, W, 1, 0f, 0.7f)) {
            for (float[] f : frames) {
                try (NDManager m = manager.newSubManager()) {
                    maps.add(net.dense(m.create(f, new Shape(STREAMS, 4, H, W))).toFloatArray());
                }
            }
        }
        return maps;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 8})
    void epsilonZeroEqualsDenseAtEveryBlockSize(int block) {
        List<float[]> frames = frames(6);
        List<float[]> dense = dense(frames);
        Pass skip = run(block, 0f, frames);
        for (int t = 0; t < frames.size(); t++) {
            assertThat(maxRelErr(skip.maps().get(t), dense.get(t)))
                    .as("frame %d", t)
                    .isLessThan(1e-4);
        }
        // a small square moved: later frames ran a fraction of the dense MACs
        try (BlockSkipConvNetwork net = new BlockSkipConvNetwork(encoder, manager, STREAMS, 4, H, W, block, 0f, 0.7f)) {
            assertThat(skip.macs().get(0)).isEqualTo(net.denseMacs());
            assertThat(skip.macs().get(3)).isPositive().isLessThan(net.denseMacs() / 2);
        }
    }

    @Test
    void blockSizeChangesTheWorkNotTheResult() {
        List<float[]> frames = frames(6);
        Pass positions = run(1, 0.3f, frames);
        Pass blocks = run(4, 0.3f, frames);
        for (int t = 0; t < frames.size(); t++) {
            // both compute exactly f(x_ref), and the gates (per position) open the same x_ref updates
            assertThat(maxRelErr(blocks.maps().get(t), positions.maps().get(t)))
                    .as("frame %d", t)
                    .isLessThan(1e-4);
        }
        // whole blocks run, closed outputs inside them included
        assertThat(blocks.macs().get(3)).isGreaterThan(positions.macs().get(3));
    }

    @Test
    void anUnchangedFrameComputesNothingAndKeepsTheOutput() {
        List<float[]> frames = frames(2);
        List<float[]> repeated = List.of(frames.get(0), frames.get(1), frames.get(1));
        Pass skip = run(4, 0.3f, repeated);
        assertThat(skip.macs().get(2)).isZero();
        assertThat(skip.maps().get(2)).containsExactly(skip.maps().get(1));
    }
}
