package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipRuleTest {
    private static final ClipRule RULE = ClipRule.forClipLength(8);

    static TeacherBox person(int x, float score) {
        return new TeacherBox("person", "person", score, x, 10, 20, 40, 0);
    }

    static TeacherBox car(int x) {
        return new TeacherBox("vehicle", "car", 0.8f, x, 100, 60, 30, 0);
    }

    /** Eight frames; frame i holds the boxes of {@code perFrame.get(i)}. */
    static List<TeacherFrame> frames(List<List<TeacherBox>> perFrame) {
        List<TeacherFrame> out = new ArrayList<>();
        for (int i = 0; i < perFrame.size(); i++) {
            out.add(new TeacherFrame(i, i * 0.1, perFrame.get(i)));
        }
        return out;
    }

    @Test
    void threeOfEightFramesMakeAGroupPresentTwoDoNot() {
        assertThat(RULE.minFrames()).isEqualTo(3);
        List<List<TeacherBox>> two = new ArrayList<>();
        List<List<TeacherBox>> three = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            two.add(i < 2 ? List.of(person(5, 0.9f)) : List.of());
            three.add(i < 3 ? List.of(person(5, 0.9f)) : List.of());
        }
        assertThat(RULE.apply(0, frames(two)).label()).isEqualTo("none");
        assertThat(RULE.apply(0, frames(three)).label()).isEqualTo("person");
    }

    @Test
    void aOneFrameFlickerOfAnotherGroupDoesNotChangeTheLabel() {
        List<List<TeacherBox>> f = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            f.add(i == 4 ? List.of(person(5, 0.9f), car(200)) : List.of(person(5, 0.9f)));
        }
        TeacherClip c = RULE.apply(3, frames(f));
        assertThat(c.label()).isEqualTo("person");
        assertThat(c.counts()).containsEntry("person", 1).containsEntry("vehicle", 0);
        assertThat(c.clip()).isEqualTo(3);
        assertThat(c.firstFrame()).isEqualTo(0);
        assertThat(c.lastFrame()).isEqualTo(7);
    }

    @Test
    void lowScoresDoNotCount() {
        List<List<TeacherBox>> f = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            f.add(List.of(person(5, 0.3f), car(200)));
        }
        assertThat(RULE.apply(0, frames(f)).label()).isEqualTo("vehicle");
    }

    @Test
    void countsAreTheNumberSeenInEnoughFramesAndFocusIsTheSmallestPresentBox() {
        List<List<TeacherBox>> f = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<TeacherBox> boxes = new ArrayList<>(List.of(car(200), person(5, 0.9f)));
            if (i < 4) {
                boxes.add(person(60, 0.9f));
            }
            if (i == 7) {
                boxes.add(person(120, 0.9f)); // a third person in one frame only
            }
            f.add(boxes);
        }
        TeacherClip c = RULE.apply(0, frames(f));
        assertThat(c.label()).isEqualTo("person+vehicle");
        assertThat(c.counts()).containsEntry("person", 2).containsEntry("vehicle", 1);
        assertThat(c.focus()).hasSize(8).allSatisfy(b -> assertThat(b.group()).isEqualTo("person"));
    }

    @Test
    void framesWithoutAPresentGroupHaveNoFocusBox() {
        List<List<TeacherBox>> f = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            f.add(i < 4 ? List.of(person(5, 0.9f)) : List.of());
        }
        TeacherClip c = RULE.apply(0, frames(f));
        assertThat(c.focus().subList(0, 4)).doesNotContainNull();
        assertThat(c.focus().subList(4, 8)).containsOnlyNulls();
    }
}
