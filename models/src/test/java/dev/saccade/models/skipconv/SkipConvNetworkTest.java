package dev.saccade.models.skipconv;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FoldedEncoder;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Skip-convolutions against the engine's dense pass on frames with local changes. */
class SkipConvNetworkTest {
    private static final int H = 72;
    private static final int W = 96;
    private static NDManager manager;
    private static FoldedEncoder encoder;
    private static EngineEncoder engine;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager("PyTorch");
        SequentialBlock block = Encoders.glance();
        block.setInitializer(new NormalInitializer(0.3f), ai.djl.nn.Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, Encoders.GLANCE_INPUT_CHANNELS, H, W));
        encoder = FoldedEncoder.fold(block);
        engine = new EngineEncoder(encoder, manager);
    }

    @AfterAll
    static void close() {
        engine.close();
        manager.close();
    }

    /** A textured frame with a bright square at (x, y). */
    private static float[] frame(Random noise, int x, int y) {
        float[] f = new float[H * W * 4];
        Random texture = new Random(7);
        for (int i = 0; i < f.length; i++) {
            f[i] = texture.nextFloat() - 0.5f;
        }
        for (int yy = y; yy < Math.min(H, y + 10); yy++) {
            for (int xx = x; xx < Math.min(W, x + 10); xx++) {
                for (int c = 0; c < 4; c++) {
                    f[(yy * W + xx) * 4 + c] = 0.45f;
                }
            }
        }
        if (noise != null) {
            f[noise.nextInt(f.length)] += 0.001f;
        }
        return f;
    }

    private float[] engineHwc(float[] hwc) {
        long[] s = engine.outputShape(4, H, W);
        float[] chw = engine.forward(GlanceFrames.toChw(hwc, H, W, 4), 4, H, W);
        return GlanceFrames.toHwc(chw, (int) s[1], (int) s[2], (int) s[0]);
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

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @ParameterizedTest
    @EnumSource(GemmKernel.class)
    void epsilonZeroEqualsDenseOnEveryFrame(GemmKernel kernel) {
        try (SkipConvNetwork net = new SkipConvNetwork(
                encoder, H, W, 4, SkipConvSettings.defaults().withEpsilon(0f).withKernel(kernel))) {
            SkipConvState state = net.newState();
            Random noise = new Random(3);
            for (int t = 0; t < 12; t++) {
                float[] in = frame(noise, 5 + 6 * t, 20);
                float[] skip = net.run(state, in, false);
                assertThat(maxRelErr(skip, engineHwc(in))).as("frame %d", t).isLessThan(1e-4);
                if (t > 0) {
                    assertThat(net.lastStats().macs())
                            .as("a moving square recomputes part of the map, frame %d", t)
                            .isLessThan(net.lastStats().denseMacs());
                }
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 6, 9, SkipConvSettings.NO_DENSE_TAIL})
    void anOnnxRuntimeTailAtEpsilonZeroEqualsDense(int fromNode) {
        try (SkipConvNetwork net = new SkipConvNetwork(
                encoder, H, W, 4, SkipConvSettings.defaults().withEpsilon(0f).withOnnxRuntimeDense(fromNode))) {
            SkipConvState state = net.newState();
            Random noise = new Random(3);
            for (int t = 0; t < 8; t++) {
                float[] in = frame(noise, 5 + 6 * t, 20);
                float[] skip = net.run(state, in, false);
                assertThat(maxRelErr(skip, engineHwc(in))).as("frame %d", t).isLessThan(1e-4);
                // the first frame runs whole on ONNX Runtime, the second rebuilds the caches, the rest gate
                assertThat(net.lastStats().onOnnxRuntime()).as("frame %d", t).isEqualTo(t == 0);
            }
            if (fromNode != SkipConvSettings.NO_DENSE_TAIL) { // the last frame gated
                int last = net.convLayers() - 1;
                assertThat(net.lastStats().computed(last))
                        .as("the tail runs the last layer densely")
                        .isEqualTo(net.layerOutputPositions(last));
                assertThat(net.lastStats().macs()).isLessThan(net.denseMacs());
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aSceneMovingEverywhereRunsOnOnnxRuntimeThenGatesAgain(boolean withChw) {
        try (SkipConvNetwork net = new SkipConvNetwork(
                encoder,
                H,
                W,
                4,
                SkipConvSettings.defaults().withEpsilon(0f).withOnnxRuntimeDense(SkipConvSettings.NO_DENSE_TAIL))) {
            SkipConvState state = net.newState();
            Random everywhere = new Random(11);
            int onOrt = 0;
            for (int t = 0; t < 30; t++) {
                float[] in;
                if (t < 12) { // every position changes every frame
                    in = new float[H * W * 4];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = everywhere.nextFloat() - 0.5f;
                    }
                } else {
                    in = frame(null, 5 + 2 * t, 20);
                }
                float[] chw = withChw ? GlanceFrames.toChw(in, H, W, 4) : null;
                float[] out = net.run(state, in, chw, false);
                assertThat(maxRelErr(out, engineHwc(in))).as("frame %d", t).isLessThan(1e-4);
                onOrt += net.lastStats().onOnnxRuntime() ? 1 : 0;
                if (t >= 14) {
                    assertThat(net.lastStats().onOnnxRuntime())
                            .as("calm again, frame %d", t)
                            .isFalse();
                    assertThat(net.lastStats().macs())
                            .as("gating again, frame %d", t)
                            .isLessThan(net.denseMacs());
                }
            }
            assertThat(onOrt).as("frames of the moving scene on ONNX Runtime").isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void layersThatFallBackToDenseStayExact() {
        // a low fallback share sends any layer with a moving square's worth of work to the dense kernel
        SkipConvSettings eager = new SkipConvSettings(0f, 1f, 0.02f, GemmKernel.OPENBLAS);
        try (SkipConvNetwork net = new SkipConvNetwork(encoder, H, W, 4, eager)) {
            SkipConvState state = net.newState();
            Random noise = new Random(5);
            boolean someFellBack = false;
            for (int t = 0; t < 8; t++) {
                float[] in = frame(noise, 5 + 6 * t, 20);
                float[] skip = net.run(state, in, false);
                assertThat(maxRelErr(skip, engineHwc(in))).as("frame %d", t).isLessThan(1e-4);
                if (t > 0) {
                    SkipConvFrameStats stats = net.lastStats();
                    for (int l = 0; l < stats.layers(); l++) {
                        someFellBack |= stats.denseFallback(l);
                    }
                }
            }
            assertThat(someFellBack).isTrue();
        }
    }

    @Test
    void unchangedInputCostsNothingAndKeepsTheOutput() {
        try (SkipConvNetwork net = new SkipConvNetwork(encoder, H, W, 4, SkipConvSettings.defaults())) {
            SkipConvState state = net.newState();
            float[] in = frame(null, 30, 30);
            float[] first = net.run(state, in, false).clone();
            assertThat(net.lastStats().macs()).isEqualTo(net.denseMacs());
            float[] second = net.run(state, frame(null, 30, 30), false);
            assertThat(net.lastStats().macs()).isZero();
            assertThat(second).containsExactly(first);
            net.run(state, in, true);
            assertThat(net.lastStats().reused()).isTrue();
        }
    }

    @Test
    void largerEpsilonOpensFewerPositionsAndStaysClose() {
        float[][] frames = new float[8][];
        for (int t = 0; t < frames.length; t++) {
            frames[t] = frame(null, 10 + 3 * t, 30);
            for (int i = 0; i < frames[t].length; i += 97) {
                frames[t][i] += 0.002f * ((t * 31 + i) % 5); // sensor noise everywhere
            }
        }
        long[] macs = new long[2];
        float[] eps = {0f, SkipConvSettings.DEFAULT_EPSILON};
        for (int e = 0; e < 2; e++) {
            try (SkipConvNetwork net = new SkipConvNetwork(
                    encoder, H, W, 4, SkipConvSettings.defaults().withEpsilon(eps[e]))) {
                SkipConvState state = net.newState();
                for (int t = 0; t < frames.length; t++) {
                    float[] out = net.run(state, frames[t], false);
                    if (t > 0) {
                        macs[e] += net.lastStats().macs();
                    }
                    if (t == frames.length - 1) {
                        float[] dense = engineHwc(frames[t]);
                        if (e == 0) {
                            assertThat(maxRelErr(out, dense)).isLessThan(1e-4);
                        } else {
                            assertThat(cosine(out, dense))
                                    .as("map cosine with noise below the gate")
                                    .isGreaterThan(0.98);
                        }
                    }
                }
            }
        }
        assertThat(macs[1]).as("noise below the gate is skipped").isLessThan(macs[0] / 2);
    }

    @Test
    void resetRunsTheNextFrameDensely() {
        try (SkipConvNetwork net = new SkipConvNetwork(encoder, H, W, 4, SkipConvSettings.defaults())) {
            SkipConvState state = net.newState();
            net.run(state, frame(null, 1, 1), false);
            state.reset();
            net.run(state, frame(null, 1, 1), false);
            assertThat(net.lastStats().macs()).isEqualTo(net.denseMacs());
            assertThat(state.bytes()).isEqualTo(net.stateBytes()).isPositive();
        }
    }

    @Test
    void streamsCacheEvictsTheLeastRecentlyUsed() {
        try (SkipConvNetwork net = new SkipConvNetwork(encoder, H, W, 4, SkipConvSettings.defaults())) {
            SkipConvStreams streams = new SkipConvStreams(net, 2);
            SkipConvState a = streams.state("a");
            net.run(a, frame(null, 1, 1), false);
            streams.state("b");
            streams.state("a");
            streams.state("c"); // evicts b, the least recently used
            assertThat(streams.size()).isEqualTo(2);
            assertThat(streams.evictions()).isEqualTo(1);
            assertThat(streams.state("a")).isSameAs(a);
            assertThat(streams.state("b").isFresh()).isTrue();
        }
    }
}
