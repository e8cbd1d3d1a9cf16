package dev.saccade.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.scenes.SceneConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-pass network input equals the engine's own area resize, scaling, grey and difference (with and without the
 * noise floor) on real scenes.
 */
class PreprocessTest {

    @Test
    void onePassInputMatchesTheEnginesOpsAtGlanceAndDenseSizes() {
        SyntheticWorkload w = new SyntheticWorkload(SceneConfig.defaults().withClipLength(8), WorkloadSize.quick());
        List<ClipData> clips = new ArrayList<>();
        for (ClipRef r : w.clips(Split.TEST).subList(0, 3)) {
            clips.add(w.load(r));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray full = AdaptiveCascade.stackFrames(m, clips);
            int[][] sizes = {{GlanceModel.WIDTH, GlanceModel.HEIGHT}, {DenseModel.WIDTH, DenseModel.HEIGHT}, {100, 70}};
            float[] floors = {GlanceModel.DIFFERENCE_FLOOR, 0f, 0.01f};
            for (int c = 0; c < sizes.length; c++) {
                int[] size = sizes[c];
                float[] engine = Preprocess.withDifferenceOnEngine(full, clips.size(), 8, size[0], size[1], floors[c])
                        .toFloatArray();
                NDArray fast = c == 0
                        ? Preprocess.glance(full, clips.size(), 8)
                        : c == 1
                                ? Preprocess.dense(full, clips.size(), 8)
                                : m.create(Preprocess.withDifference(
                                        full.toByteArray(),
                                        clips.size(),
                                        8,
                                        clips.get(0).height(),
                                        clips.get(0).width(),
                                        size[0],
                                        size[1],
                                        floors[c]));
                float[] mine = fast.toFloatArray();
                assertThat(mine).hasSameSizeAs(engine);
                double maxErr = 0;
                double maxAbs = 0;
                for (int i = 0; i < engine.length; i++) {
                    maxErr = Math.max(maxErr, Math.abs(engine[i] - mine[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(engine[i]));
                }
                assertThat(maxAbs).as("inputs are not all zero").isGreaterThan(0.1);
                assertThat(maxErr)
                        .as("largest difference at %dx%d", size[0], size[1])
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void glanceInputFromSeparateFramesEqualsTheConcatenatedOne() {
        SyntheticWorkload w = new SyntheticWorkload(SceneConfig.defaults().withClipLength(8), WorkloadSize.quick());
        ClipData clip = w.load(w.clips(Split.TEST).get(1));
        float[] separate = Preprocess.glanceInput(clip.frames(), 8, clip.height(), clip.width());
        float[] joined = Preprocess.glanceInput(
                Preprocess.concat(java.util.Arrays.asList(clip.frames())), 8, clip.height(), clip.width());
        assertThat(separate).isEqualTo(joined);
        double motion = 0;
        for (int k = 0; k < 8; k++) {
            int at = (k * 4 + 3) * GlanceModel.WIDTH * GlanceModel.HEIGHT;
            for (int i = 0; i < GlanceModel.WIDTH * GlanceModel.HEIGHT; i++) {
                motion += separate[at + i];
            }
        }
        assertThat(motion).as("the difference channel sees the scene move").isGreaterThan(0);
    }

    @Test
    void differenceChannelDropsChangesBelowTheFloorAndKeepsTheRestAboveIt() {
        float floor = GlanceModel.DIFFERENCE_FLOOR;
        assertThat(Preprocess.differenceChannel(0.1f, 0.1f + floor * 0.9f, floor))
                .isZero();
        assertThat(Preprocess.differenceChannel(0.1f + floor * 0.5f, 0.1f, floor))
                .isZero();
        assertThat(Preprocess.differenceChannel(0.3f, 0.1f, floor)).isCloseTo((0.2f - floor) * 4f, within(1e-6f));
        assertThat(Preprocess.differenceChannel(0.1f, 0.3f, 0f)).isCloseTo(0.8f, within(1e-6f));
    }
}
