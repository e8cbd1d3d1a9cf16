package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.saccade.models.data.ClassGroups;
import dev.saccade.models.external.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector focus role's decision rule on hand-made detections. */
class DetectorFocusTest {
    private static final List<String> LABELS = ClassGroups.LABELS;
    private static final double[] THRESHOLDS = {0.9, 0.85, 0.85, 0.85};
    private static final long MACS = 500_000_000L;

    private static List<DetectorFocus.Look> looks(int n) {
        List<DetectorFocus.Look> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new DetectorFocus.Look(i, 100 + i, 50, 96, new byte[96 * 96 * 3]));
        }
        return out;
    }

    /** Answers the given detections for the n-th patch it is shown, nothing after them. */
    private static DetectorFocus focus(List<List<Detection>> perPatch, int[] calls) {
        return new DetectorFocus(
                (bgr, w, h) -> {
                    int k = calls[0]++;
                    return k < perPatch.size() ? perPatch.get(k) : List.of();
                },
                null,
                LABELS,
                DetectorFocus.MIN_SCORE,
                MACS);
    }

    @Test
    void aVehicleFoundInTheFirstPatchDecidesAtExitOne() {
        int[] calls = {0};
        DetectorFocus f = focus(List.of(List.of(new Detection("car", 2, 0.8f, 10, 20, 30, 15))), calls);

        // the glance: person likely (0.9), vehicle a coin toss (0.5)
        DetectorFocus.Result r = f.decide(new float[] {0.05f, 0.45f, 0.05f, 0.45f}, looks(3), THRESHOLDS);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(LABELS.get(r.label())).isEqualTo("person+vehicle");
        assertThat(r.probabilities()[3]).isCloseTo(0.9f, within(1e-6f));
        assertThat(r.macs()).isEqualTo(MACS);
        assertThat(r.found()).singleElement().satisfies(d -> {
            assertThat(d.group()).isEqualTo("vehicle");
            assertThat(d.className()).isEqualTo("car");
            assertThat(d.frame()).isZero();
            assertThat(d.x()).isEqualTo(110f); // the patch's corner (100, 50) plus the box's (10, 20)
            assertThat(d.y()).isEqualTo(70f);
        });
    }

    @Test
    void nothingFoundKeepsTheGlancesGroupsAndLooksAtEveryPatch() {
        int[] calls = {0};
        DetectorFocus f = focus(List.of(), calls);

        DetectorFocus.Result r = f.decide(new float[] {0.07f, 0.63f, 0.03f, 0.27f}, looks(3), THRESHOLDS);

        assertThat(calls[0]).isEqualTo(3);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.macs()).isEqualTo(3 * MACS);
        assertThat(LABELS.get(r.label())).isEqualTo("person"); // person 0.9, vehicle 0.3
        assertThat(r.probabilities()[1]).isCloseTo(0.63f, within(1e-5f));
        assertThat(r.found()).isEmpty();
    }

    @Test
    void weakDetectionsAndUnreportedClassesChangeNothing() {
        int[] calls = {0};
        DetectorFocus f = focus(
                List.of(List.of(
                        new Detection("person", 0, 0.2f, 0, 0, 10, 20),
                        new Detection("airplane", 4, 0.9f, 0, 0, 40, 20))),
                calls);

        DetectorFocus.Result r = f.decide(new float[] {0.5f, 0.1f, 0.3f, 0.1f}, looks(1), THRESHOLDS);

        assertThat(r.found()).isEmpty();
        assertThat(LABELS.get(r.label())).isEqualTo("none");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void personAndVehicleFoundInDifferentPatchesAddUp() {
        int[] calls = {0};
        DetectorFocus f = focus(
                List.of(
                        List.of(new Detection("person", 0, 0.6f, 1, 1, 10, 20)),
                        List.of(new Detection("bus", 5, 0.7f, 1, 1, 40, 20))),
                calls);

        DetectorFocus.Result r = f.decide(new float[] {0.4f, 0.2f, 0.2f, 0.2f}, looks(3), THRESHOLDS);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(LABELS.get(r.label())).isEqualTo("person+vehicle");
        assertThat(r.probabilities()[3]).isEqualTo(1f);
        assertThat(r.found()).extracting(DetectorFocus.Found::frame).containsExactly(0, 1);
    }

    @Test
    void labelsThatAreNotGroupsAreRefused() {
        assertThatThrownBy(() -> new DetectorFocus(
                        (b, w, h) -> List.of(), null, List.of("idle", "walk-left", "fall"), 0.35f, MACS))
                .hasMessageContaining("[person, vehicle]")
                .hasMessageContaining("idle");
    }
}
