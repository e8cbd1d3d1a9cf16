package dev.saccade.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.skipconv.EngineEncoder;
import dev.saccade.models.skipconv.GlanceFrames;
import dev.saccade.models.skipconv.SkipConvNetwork;
import dev.saccade.models.skipconv.SkipConvSettings;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** f_G exported to ONNX and run by ONNX Runtime gives the engine's and the Java kernels' maps. */
class OrtEncoderTest {
    /**
     * float32 tolerance, relative to the map's largest value: the three implementations sum each output's products in
     * different orders (and ONNX Runtime fuses the activation into the conv), which moves results by a few ulp per
     * layer; 1e-5 over f_G's 16 convs is about 80 ulp of the largest output, while one weight off by 1% moves the
     * map by more than 1e-3.
     */
    private static final double TOLERANCE = 1e-5;

    private static final int H = 72;
    private static final int W = 96;
    private static final int C = Encoders.GLANCE_INPUT_CHANNELS;
    private static NDManager manager;
    private static FoldedEncoder encoder;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager("PyTorch");
        SequentialBlock block = Encoders.glance();
        block.setInitializer(new NormalInitializer(0.3f), ai.djl.nn.Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, C, H, W));
        encoder = FoldedEncoder.fold(block);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] randomHwc(long seed) {
        Random r = new Random(seed);
        float[] f = new float[H * W * C];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextFloat() - 0.5f;
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(OrtEncoder.Threads.class)
    void equalsTheEngineAndTheJavaKernels(OrtEncoder.Threads threads) {
        try (EngineEncoder engine = new EngineEncoder(encoder, manager);
                SkipConvNetwork java = new SkipConvNetwork(
                        encoder,
                        H,
                        W,
                        C,
                        SkipConvSettings.defaults().withKernel(dev.saccade.models.skipconv.GemmKernel.JAVA));
                OrtEncoder ort = new OrtEncoder(encoder, C, H, W, threads)) {
            long[] s = engine.outputShape(C, H, W);
            for (long seed = 1; seed <= 3; seed++) {
                float[] hwc = randomHwc(seed);
                float[] chw = GlanceFrames.toChw(hwc, H, W, C);
                float[] byOrt = ort.forward(chw);
                float[] byEngine = engine.forward(chw, C, H, W);
                float[] byJava = GlanceFrames.toChw(java.dense(hwc), (int) s[1], (int) s[2], (int) s[0]);
                assertThat(byOrt).hasSize((int) (s[0] * s[1] * s[2]));
                assertThat(ort.outputShape()).containsExactly(s);
                assertThat(maxAbs(byEngine)).isGreaterThan(0.1); // a map worth comparing, not all zeros
                assertThat(maxRelErr(byOrt, byEngine)).isLessThan(TOLERANCE);
                assertThat(maxRelErr(byOrt, byJava)).isLessThan(TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OrtEncoder.Threads.class)
    void aChangedWeightIsSeen(OrtEncoder.Threads threads) {
        // the comparison above can fail: an export with one weight 1% off is far outside the tolerance
        // the engine uploads the weights as they are now; the export sees the first conv's weights 1% larger
        float[] weights = encoder.convLayers().get(0).weight();
        float[] original = weights.clone();
        try (EngineEncoder engine = new EngineEncoder(encoder, manager)) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= 1.01f;
            }
            try (OrtEncoder ort = new OrtEncoder(encoder, C, H, W, threads)) {
                float[] chw = GlanceFrames.toChw(randomHwc(9), H, W, C);
                assertThat(maxRelErr(ort.forward(chw), engine.forward(chw, C, H, W)))
                        .isGreaterThan(100 * TOLERANCE);
            }
        } finally {
            System.arraycopy(original, 0, weights, 0, weights.length);
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxRelErr(float[] a, float[] ref) {
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - ref[i]));
        }
        return maxDiff / maxAbs(ref);
    }
}
