package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.onnx.OrtEncoder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dense baseline with f_L on ONNX Runtime gives the engine's probabilities, within float32's error budget. */
class OrtDenseTest {
    private static BundleClips fixture;
    private static ModelBundle bundle;
    private static NDManager manager;
    private static List<ClipData> clips;

    @BeforeAll
    static void load() throws Exception {
        fixture = BundleClips.load(6);
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
    void classifiesAsTheEngineDenseModel(OrtEncoder.Threads threads) {
        // the float32 error budget of the dense network's probabilities (BundleSelfCheck.tolerance), for the two paths
        double tol = 2 * BundleSelfCheck.tolerance(bundle.nets(), "dense", false);
        float[][] engine = AdaptiveCascade.dense(bundle.nets(), manager, clips, new MacLedger());
        MacLedger ledger = new MacLedger();
        float[][] ort;
        try (OrtDense dense = new OrtDense(bundle.nets(), threads)) {
            ort = dense.run(manager, clips, ledger);
        }
        assertThat(ort).hasSameDimensionsAs(engine);
        for (int i = 0; i < clips.size(); i++) {
            for (int c = 0; c < engine[i].length; c++) {
                assertThat((double) ort[i][c]).as("clip %d class %d", i, c).isCloseTo(engine[i][c], within(tol));
            }
            assertThat(AdaptiveCascade.argmax(ort[i])).as("clip %d", i).isEqualTo(AdaptiveCascade.argmax(engine[i]));
        }
        assertThat(ledger.total()).isEqualTo(clips.size() * bundle.nets().denseMacsPerClip());
    }
}
