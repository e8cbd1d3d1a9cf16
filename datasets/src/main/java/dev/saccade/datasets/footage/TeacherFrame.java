package dev.saccade.datasets.footage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The teacher's view of one source frame: its index and time in the video and the boxes of reported groups. */
public record TeacherFrame(
        @JsonProperty("index") int index,
        @JsonProperty("time") double time,
        @JsonProperty("boxes") List<TeacherBox> boxes) {}
