package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.onnx.OrtEncoder;
import dev.saccade.models.skipconv.GlanceFrames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** f_G's heads in plain Java give the engine's heat, levels, h and exit-0 probabilities on real feature maps. */
class GlanceHeadsTest {
    private static BundleClips fixture;
    private static ModelBundle bundle;
    private static NDManager manager;
    private static List<ClipData> clips;

    @BeforeAll
    static void load() throws Exception {
        fixture = BundleClips.load(8);
        bundle = fixture.bundle();
        manager = fixture.manager();
        clips = fixture.clips();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void javaHeadsMatchTheEngineHeads() {
        GlanceModel model = bundle.nets().glanceBlock();
        GlanceStage stage = new GlanceStage(bundle.nets(), bundle.thresholds()[0]);
        GlanceHeads heads = new GlanceHeads(model);
        int t = bundle.manifest().clipLength();
        try (OrtEncoder encoder = new OrtEncoder(
                FoldedEncoder.fold(model.encoder()),
                GlanceFrames.CHANNELS,
                GlanceModel.HEIGHT,
                GlanceModel.WIDTH,
                OrtEncoder.Threads.ONE)) {
            long[] shape = encoder.outputShape();
            int c = (int) shape[0];
            int rows = (int) shape[1];
            int cols = (int) shape[2];
            int frame = GlanceFrames.CHANNELS * GlanceModel.HEIGHT * GlanceModel.WIDTH;
            for (ClipData clip : clips) {
                float[] input = Preprocess.glanceInput(
                        Preprocess.concat(Arrays.asList(clip.frames())), t, clip.height(), clip.width());
                float[] maps = new float[t * c * rows * cols];
                for (int k = 0; k < t; k++) {
                    float[] out = encoder.forward(Arrays.copyOfRange(input, k * frame, (k + 1) * frame));
                    System.arraycopy(out, 0, maps, k * out.length, out.length);
                }
                GlanceStage.Glance engine = stage.fromMapsOnEngine(manager, maps, c, rows, cols, clip, 0);
                GlanceHeads.Outputs mine = heads.run(maps, rows, cols);
                assertThat(mine.exit0()).hasSameSizeAs(engine.probabilities());
                for (int i = 0; i < mine.exit0().length; i++) {
                    assertThat(mine.exit0()[i]).isCloseTo(engine.probabilities()[i], within(1e-5f));
                }
                float hMax = 0;
                for (int i = 0; i < mine.clipFeatures().length; i++) {
                    assertThat(mine.clipFeatures()[i]).isCloseTo(engine.clipFeatures()[i], within(1e-4f));
                    hMax = Math.max(hMax, Math.abs(mine.clipFeatures()[i]));
                }
                assertThat(hMax).as("h is not all zero").isGreaterThan(0.01f);
                GlanceStage.Glance java = stage.fromMaps(manager, maps, c, rows, cols, clip, 0);
                assertThat(java.decided()).isEqualTo(engine.decided());
                assertThat(java.plan()).isEqualTo(engine.plan());
            }
        }
    }

    @Test
    void heatAndLevelsMatchTheEngineOutputs() {
        GlanceModel model = bundle.nets().glanceBlock();
        GlanceHeads heads = new GlanceHeads(model);
        int t = bundle.manifest().clipLength();
        java.util.Random rnd = new java.util.Random(7);
        int c = 64;
        int rows = 5;
        int cols = 6;
        float[] maps = new float[t * c * rows * cols];
        for (int i = 0; i < maps.length; i++) {
            // ReLU6 outputs: non-negative, mostly small
            maps[i] = rnd.nextFloat() < 0.6f ? 0f : rnd.nextFloat() * 6f;
        }
        GlanceHeads.Outputs mine = heads.run(maps, rows, cols);
        try (NDManager m = manager.newSubManager()) {
            GlanceOutput g = GlanceOutput.fromFeatures(
                    model,
                    new ai.djl.training.ParameterStore(m, false),
                    m.create(maps, new ai.djl.ndarray.types.Shape(t, c, rows, cols)),
                    1,
                    t,
                    model.levels());
            for (int f = 0; f < t; f++) {
                for (int p = 0; p < rows * cols; p++) {
                    assertThat(mine.heat()[f][p]).isCloseTo(g.heat()[0][f][p], within(1e-5f));
                    for (int l = 0; l < model.levels(); l++) {
                        assertThat(mine.levels()[f][l][p]).isCloseTo(g.levels()[0][f][l][p], within(1e-4f));
                    }
                }
            }
            for (int i = 0; i < mine.exit0().length; i++) {
                assertThat(mine.exit0()[i]).isCloseTo(g.exit0()[0][i], within(1e-5f));
            }
        }
    }
}
