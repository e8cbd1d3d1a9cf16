package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.skipconv.SkipConvSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The skip-convolution glance decides as the engine's dense glance: at epsilon 0 both meet the float64 glance within
 * float32's error budget and decide alike; at the default epsilon nearly alike.
 */
class SkipConvGlanceTest {
    private static BundleClips fixture;
    private static ModelBundle bundle;
    private static NDManager manager;
    private static List<ClipData> clips;

    @BeforeAll
    static void load() throws Exception {
        fixture = BundleClips.load(12);
        bundle = fixture.bundle();
        manager = fixture.manager();
        clips = fixture.clips();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static List<GlanceStage.Glance> skip(SkipConvGlance glance) {
        return java.util.stream.IntStream.range(0, clips.size())
                .mapToObj(i -> glance.run(manager, "stream-" + i, clips.get(i)))
                .toList();
    }

    /** Exit 0's probabilities per clip from the bundle's glance network in float64: the reference both paths meet. */
    private static double[][] float64Glance() throws Exception {
        int t = bundle.manifest().clipLength();
        try (CascadeNets nets64 = BundleSelfCheck.loadFloat64(Path.of("../models/bundle"));
                NDManager m = manager.newSubManager()) {
            NDArray x = Preprocess.glance(AdaptiveCascade.stackFrames(m, clips), clips.size(), t)
                    .toType(DataType.FLOAT64, false);
            double[] p = nets64.glanceBlock()
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .get(0)
                    .softmax(1)
                    .toDoubleArray();
            int c = p.length / clips.size();
            double[][] out = new double[clips.size()][];
            for (int i = 0; i < clips.size(); i++) {
                out[i] = java.util.Arrays.copyOfRange(p, i * c, (i + 1) * c);
            }
            return out;
        }
    }

    @Test
    void atEpsilonZeroBothPathsMeetTheFloat64GlanceAndDecideAlike() throws Exception {
        double threshold = bundle.thresholds()[0];
        // the float32 error budget of the glance network's probabilities (BundleSelfCheck.tolerance): each path's own
        double tol = BundleSelfCheck.tolerance(bundle.nets(), "glance", false);
        double[][] reference = float64Glance();
        List<GlanceStage.Glance> dense = new GlanceStage(bundle.nets(), threshold).run(manager, clips);
        try (SkipConvGlance glance = new SkipConvGlance(
                bundle.nets(), threshold, SkipConvSettings.defaults().withEpsilon(0f), 16)) {
            List<GlanceStage.Glance> skipped = skip(glance);
            for (int i = 0; i < clips.size(); i++) {
                GlanceStage.Glance a = dense.get(i);
                GlanceStage.Glance b = skipped.get(i);
                for (int c = 0; c < a.probabilities().length; c++) {
                    assertThat((double) a.probabilities()[c])
                            .as("engine glance, clip %d class %d", i, c)
                            .isCloseTo(reference[i][c], within(tol));
                    assertThat((double) b.probabilities()[c])
                            .as("skip glance, clip %d class %d", i, c)
                            .isCloseTo(reference[i][c], within(tol));
                }
                assertThat(b.decided()).as("clip %d", i).isEqualTo(a.decided());
                assertThat(b.label()).as("clip %d", i).isEqualTo(a.label());
                assertThat(b.plan()).as("clip %d", i).isEqualTo(a.plan());
            }
            assertThat(glance.streams()).isEqualTo(clips.size());
        }
    }

    @Test
    void atTheDefaultEpsilonItSkipsWorkAndKeepsTheAnswers() {
        double threshold = bundle.thresholds()[0];
        List<GlanceStage.Glance> dense = new GlanceStage(bundle.nets(), threshold).run(manager, clips);
        try (SkipConvGlance glance = new SkipConvGlance(bundle.nets(), threshold, SkipConvSettings.defaults(), 16)) {
            List<GlanceStage.Glance> skipped = skip(glance);
            long agree = java.util.stream.IntStream.range(0, clips.size())
                    .filter(i -> dense.get(i).label() == skipped.get(i).label())
                    .count();
            System.out.printf(
                    "skip glance: top-1 agreement %d/%d, MAC ratio %.2f, open fraction %.3f%n",
                    agree, clips.size(), glance.macRatio(), glance.openFraction());
            assertThat(agree).isGreaterThanOrEqualTo(clips.size() - 1);
            assertThat(glance.macRatio()).as("encoder MACs dense over run").isGreaterThan(1.2);
            assertThat(skipped).allSatisfy(g -> assertThat(g.macs())
                    .isLessThan(bundle.nets().glanceMacsPerClip()));
        }
    }
}
