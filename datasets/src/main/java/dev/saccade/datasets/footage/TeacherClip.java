package dev.saccade.datasets.footage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The teacher's label of one clip of a source: its frames, the label, how many objects of each group it holds, and per
 * frame the box the policy should look at (null where the frame has none).
 */
public record TeacherClip(
        @JsonProperty("clip") int clip,
        @JsonProperty("first_frame") int firstFrame,
        @JsonProperty("last_frame") int lastFrame,
        @JsonProperty("label") String label,
        @JsonProperty("counts") Map<String, Integer> counts,
        @JsonProperty("focus") List<TeacherBox> focus) {}
