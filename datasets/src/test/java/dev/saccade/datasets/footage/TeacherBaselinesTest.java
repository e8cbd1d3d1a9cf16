package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherBaselinesTest {
    @Test
    void betweenTeacherRunsTheLastDetectionsHold() {
        // a person in frames 8..15 only: clip 1
        List<List<TeacherBox>> perFrame = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            perFrame.add(i >= 8 && i < 16 ? List.of(ClipRuleTest.person(5, 0.9f)) : List.of());
        }
        List<TeacherFrame> frames = ClipRuleTest.frames(perFrame);
        ClipRule rule = ClipRule.forClipLength(8);
        boolean[] every = new boolean[24];
        java.util.Arrays.fill(every, true);
        assertThat(TeacherBaselines.held(frames, every, 0, 3, 8, rule).labels())
                .containsExactly("none", "person", "none");
        boolean[] sixteenth = new boolean[24];
        sixteenth[0] = true;
        sixteenth[16] = true;
        TeacherBaselines.Outcome o = TeacherBaselines.held(frames, sixteenth, 0, 3, 8, rule);
        assertThat(o.labels()).containsExactly("none", "none", "none");
        assertThat(o.teacherFrames()).isEqualTo(2);
        boolean[] at12 = new boolean[24];
        at12[12] = true;
        assertThat(TeacherBaselines.held(frames, at12, 0, 3, 8, rule).labels())
                .as("seen at frame 12, held through the next clip")
                .containsExactly("none", "person", "person");
    }
}
