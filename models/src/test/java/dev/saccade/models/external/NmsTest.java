package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    @Test
    void iouOfHalfOverlappingSquaresIsOneThird() {
        ScoredBox a = new ScoredBox(0, 1f, 0, 0, 10, 10);
        ScoredBox b = new ScoredBox(0, 1f, 5, 0, 15, 10);

        assertThat(a.iou(b)).isCloseTo(1f / 3f, within(1e-6f));
        assertThat(a.iou(new ScoredBox(0, 1f, 10, 0, 20, 10))).isZero();
        assertThat(a.iou(a)).isEqualTo(1f);
    }

    @Test
    void overlappingBoxesOfOneClassKeepOnlyTheBest() {
        ScoredBox weaker = new ScoredBox(0, 0.6f, 100, 100, 140, 200);
        ScoredBox stronger = new ScoredBox(0, 0.9f, 102, 98, 141, 203);

        assertThat(Nms.perClass(List.of(weaker, stronger), 0.45f)).containsExactly(stronger);
    }

    @Test
    void boxesFarApartAreAllKeptBestFirst() {
        ScoredBox left = new ScoredBox(0, 0.5f, 0, 0, 40, 100);
        ScoredBox right = new ScoredBox(0, 0.8f, 300, 0, 340, 100);

        assertThat(Nms.perClass(List.of(left, right), 0.45f)).containsExactly(right, left);
    }

    @Test
    void overlapBelowTheThresholdIsKept() {
        ScoredBox a = new ScoredBox(0, 0.9f, 0, 0, 10, 10);
        ScoredBox b = new ScoredBox(0, 0.8f, 5, 0, 15, 10); // IoU 1/3

        assertThat(Nms.perClass(List.of(a, b), 0.45f)).containsExactly(a, b);
        assertThat(Nms.perClass(List.of(a, b), 0.3f)).containsExactly(a);
    }

    @Test
    void perClassKeepsOverlapsOfDifferentClassesButAgnosticDoesNot() {
        ScoredBox truck = new ScoredBox(7, 0.75f, 650, 42, 725, 99);
        ScoredBox car = new ScoredBox(2, 0.65f, 651, 43, 723, 100);

        assertThat(Nms.perClass(List.of(car, truck), 0.45f)).containsExactly(truck, car);
        assertThat(Nms.classAgnostic(List.of(car, truck), 0.45f)).containsExactly(truck);
    }
}
