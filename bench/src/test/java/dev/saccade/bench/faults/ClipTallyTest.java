package dev.saccade.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.schemas.ClassifiedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipTallyTest {
    private static final List<String> FED = List.of("s-0:0", "s-0:8", "s-1:0", "s-1:8");

    @Test
    void findsLostDuplicatedAndUnfedClips() {
        ClipTally t = new ClipTally(FED);
        t.add(event("s-0:0", "person", "glance"));
        t.add(event("s-0:8", "person", "focus-1"));
        t.add(event("s-0:8", "person", "focus-1"));
        t.add(event("s-1:0", "none", "glance"));
        t.add(event("s-1:3", "none", "glance"));
        assertThat(t.expectedClips()).isEqualTo(4);
        assertThat(t.seenClips()).isEqualTo(3);
        assertThat(t.complete()).isFalse();
        assertThat(t.lost()).containsExactly("s-1:8");
        assertThat(t.duplicates()).isEqualTo(Map.of("s-0:8", 2));
        assertThat(t.unexpected()).containsExactly("s-1:3");
        assertThat(t.byStage()).isEqualTo(Map.of("glance", 2, "focus-1", 1));
    }

    @Test
    void comparesLabelAndStageWithTheReferenceClipByClip() {
        ClipTally reference = new ClipTally(FED);
        ClipTally run = new ClipTally(FED);
        for (String clip : FED) {
            reference.add(event(clip, "person", "glance"));
        }
        run.add(event("s-0:0", "person", "glance"));
        run.add(event("s-0:8", "vehicle", "glance"));
        run.add(event("s-1:0", "person", "focus-2"));
        assertThat(run.differencesFrom(reference))
                .containsOnlyKeys("s-0:8", "s-1:0", "s-1:8")
                .containsEntry("s-0:8", "vehicle/glance vs fault-free person/glance")
                .containsEntry("s-1:8", "(none) vs fault-free person/glance");
        assertThat(reference.differencesFrom(reference)).isEmpty();
    }

    private static ClassifiedEvent event(String clip, String label, String stage) {
        return ClassifiedEvent.newBuilder()
                .setStreamId(clip.substring(0, clip.indexOf(':')))
                .setClipId(clip)
                .setFirstSequence(0)
                .setLastSequence(7)
                .setFirstCaptureTime(Instant.EPOCH)
                .setLastCaptureTime(Instant.EPOCH)
                .setFrameCount(8)
                .setLabel(label)
                .setLabelIndex(0)
                .setConfidence(0.9f)
                .setTopK(List.of())
                .setStage(stage)
                .setFramesLookedAt(8)
                .setPatches(List.of())
                .setGmacs(0.1)
                .setDenseGmacs(1.0)
                .setModelVersion("v")
                .setProcessingLatencyMs(1)
                .build();
    }
}
