package dev.saccade.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.initializer.NormalInitializer;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FoldedEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The block-size sweep on the CPU: one row per stream count and block size, exact at epsilon 0, same maps at every b. */
class SkipConvBlocksBenchTest {
    private static final int W = 96;
    private static final int H = 72;

    /** A textured still scene with a bright square walking across it. */
    private static List<byte[]> frames(int count) {
        byte[] scene = new byte[W * H * 3];
        new Random(3).nextBytes(scene);
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            byte[] f = scene.clone();
            for (int y = 20; y < 32; y++) {
                for (int x = 4 + 3 * t; x < 16 + 3 * t; x++) {
                    for (int c = 0; c < 3; c++) {
                        f[(y * W + x) * 3 + c] = (byte) 250;
                    }
                }
            }
            out.add(f);
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsEveryBlockSizeWithTheSameMapsAndFewerMacsThanDense() {
        FoldedEncoder encoder;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock block = Encoders.glance();
            block.setInitializer(new NormalInitializer(0.3f), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(m, DataType.FLOAT32, new Shape(1, Encoders.GLANCE_INPUT_CHANNELS, H, W));
            encoder = FoldedEncoder.fold(block);
        }
        SkipConvBlocksBench.Config config =
                new SkipConvBlocksBench.Config("cpu", List.of(1, 4), List.of(1, 2), 0.4f, 0.7f, 1);
        List<String> progress = new ArrayList<>();
        Map<String, Object> report = new SkipConvBlocksBench(config, progress::add).run(encoder, frames(8), W, H);
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
        assertThat(results).extracting(r -> r.get("streams")).containsExactly(1, 2);
        for (Map<String, Object> r : results) {
            assertThat((double) r.get("dense_ms_per_step")).isPositive();
            List<Map<String, Object>> blocks = (List<Map<String, Object>>) r.get("blocks");
            assertThat(blocks).extracting(b -> b.get("block")).containsExactly(1, 4);
            double cosine = (double) blocks.get(0).get("feature_map_cosine_mean");
            for (Map<String, Object> b : blocks) {
                assertThat((double) b.get("max_rel_err_eps0")).isLessThan(1e-4);
                assertThat((double) b.get("mac_ratio")).isGreaterThan(1.0);
                assertThat((double) b.get("feature_map_cosine_mean"))
                        .isBetween(0.9, 1.0)
                        .isCloseTo(cosine, org.assertj.core.data.Offset.offset(1e-6));
                assertThat((List<Double>) b.get("computed_fraction_per_layer")).hasSize(16);
                assertThat((long) b.get("state_bytes_per_stream")).isPositive();
            }
            // blocks of 4 compute whole blocks, so they save fewer MACs than positions
            assertThat((double) blocks.get(1).get("mac_ratio"))
                    .isLessThan((double) blocks.get(0).get("mac_ratio"));
        }
        assertThat(progress).anyMatch(l -> l.contains("block 4"));
    }
}
