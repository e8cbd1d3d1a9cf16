package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoxTrackerTest {
    @Test
    void aMovingBoxKeepsItsTrackAndANewOneGetsANewId() {
        BoxTracker tracker = new BoxTracker(0.3, 2);
        int id = tracker.next(List.of(ClipRuleTest.person(0, 0.9f))).get(0).track();
        int same = tracker.next(List.of(ClipRuleTest.person(3, 0.9f))).get(0).track();
        List<TeacherBox> next = tracker.next(List.of(ClipRuleTest.person(6, 0.9f), ClipRuleTest.person(300, 0.9f)));
        assertThat(same).isEqualTo(id);
        assertThat(next.get(0).track()).isEqualTo(id);
        assertThat(next.get(1).track()).isNotEqualTo(id);
    }

    @Test
    void groupsDoNotShareTracksAndALostTrackEndsAfterItsMisses() {
        BoxTracker tracker = new BoxTracker(0.3, 1);
        int person = tracker.next(List.of(ClipRuleTest.person(0, 0.9f))).get(0).track();
        TeacherBox carOnTop = new TeacherBox("vehicle", "car", 0.9f, 0, 10, 20, 40, 0);
        assertThat(tracker.next(List.of(carOnTop)).get(0).track()).isNotEqualTo(person);
        tracker.next(List.of());
        tracker.next(List.of());
        assertThat(tracker.next(List.of(ClipRuleTest.person(0, 0.9f))).get(0).track())
                .isNotEqualTo(person);
    }

    @Test
    void oneObjectDetectedAsCarAndTruckCountsOnce() {
        List<TeacherBox> boxes = List.of(
                new TeacherBox("vehicle", "car", 0.8f, 100, 100, 60, 30, 0),
                new TeacherBox("vehicle", "truck", 0.5f, 102, 100, 60, 30, 0),
                new TeacherBox("vehicle", "car", 0.7f, 300, 100, 60, 30, 0));
        List<TeacherBox> kept = TeacherLabeler.oneBoxPerObject(boxes);
        assertThat(kept).extracting(TeacherBox::cocoClass).containsExactly("car", "car");
    }
}
