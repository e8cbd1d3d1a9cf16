package dev.saccade.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleSelectorTest {

    @Test
    void keepsUpToNPerStageAmongCorrectClipsAndNPerKindOfError() {
        SampleSelector s = new SampleSelector(2);
        // stage, correct: a stream of hand-made results in scoring order
        String[][] results = {
            {"glance", "y"}, {"glance", "y"}, {"glance", "y"}, {"focus-1", "y"}, {"glance", "n"},
            {"focus-2", "n"}, {"focus-1", "n"}, {"focus-3", "n"}, {"glance", "n"}, {"glance", "n"},
            {"focus-2", "y"}, {"motion", "n"}
        };
        String[] expected = {
            "correct at glance",
            "correct at glance",
            null,
            "correct at focus-1",
            "wrong at the glance",
            "wrong at a focus exit",
            "wrong at a focus exit",
            null,
            "wrong at the glance",
            null,
            "correct at focus-2",
            "wrong at the motion"
        };
        for (int i = 0; i < results.length; i++) {
            assertThat(s.offer("adaptive", results[i][0], results[i][1].equals("y")))
                    .as("result %d", i)
                    .isEqualTo(expected[i]);
        }
        assertThat(s.taken())
                .containsEntry("correct at glance", 2)
                .containsEntry("wrong at a focus exit", 2)
                .containsEntry("correct at focus-2", 1);
    }

    @Test
    void theDetectorsRowFillsKindsOfItsOwn() {
        SampleSelector s = new SampleSelector(1);
        assertThat(s.offer("adaptive", "glance", false)).isEqualTo("wrong at the glance");
        assertThat(s.offer("adaptive", "glance", false)).isNull();
        assertThat(s.offer("adaptive_detector", "glance", false)).isEqualTo("adaptive_detector: wrong at the glance");
        assertThat(new SampleSelector(0).offer("adaptive", "glance", true)).isNull();
    }
}
