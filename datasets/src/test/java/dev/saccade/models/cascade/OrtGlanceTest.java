package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.onnx.OrtEncoder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The glance with f_G on ONNX Runtime decides as the engine's glance, within float32's error budget. */
class OrtGlanceTest {
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

    @ParameterizedTest
    @EnumSource(OrtEncoder.Threads.class)
    void decidesAsTheEngineGlance(OrtEncoder.Threads threads) {
        double threshold = bundle.thresholds()[0];
        // the float32 error budget of the glance network's probabilities (BundleSelfCheck.tolerance), for the two paths
        double tol = 2 * BundleSelfCheck.tolerance(bundle.nets(), "glance", false);
        List<GlanceStage.Glance> dense = new GlanceStage(bundle.nets(), threshold).run(manager, clips);
        try (OrtGlance ort = new OrtGlance(bundle.nets(), threshold, threads)) {
            for (int i = 0; i < clips.size(); i++) {
                GlanceStage.Glance a = dense.get(i);
                GlanceStage.Glance b = ort.run(manager, clips.get(i));
                for (int c = 0; c < a.probabilities().length; c++) {
                    assertThat((double) b.probabilities()[c])
                            .as("clip %d class %d", i, c)
                            .isCloseTo(a.probabilities()[c], within(tol));
                }
                assertThat(b.decided()).as("clip %d", i).isEqualTo(a.decided());
                assertThat(b.label()).as("clip %d", i).isEqualTo(a.label());
                assertThat(b.plan()).as("clip %d", i).isEqualTo(a.plan());
            }
        }
    }
}
