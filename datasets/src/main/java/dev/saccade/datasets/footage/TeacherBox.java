package dev.saccade.datasets.footage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.saccade.models.data.ObjectBox;

/** One teacher detection in a source frame's pixels, with its class group and the track it was associated with. */
public record TeacherBox(
        @JsonProperty("group") String group,
        @JsonProperty("class") String cocoClass,
        @JsonProperty("score") float score,
        @JsonProperty("x") int x,
        @JsonProperty("y") int y,
        @JsonProperty("w") int width,
        @JsonProperty("h") int height,
        @JsonProperty("track") int track) {

    public ObjectBox box() {
        return new ObjectBox(x, y, width, height);
    }

    public TeacherBox withTrack(int id) {
        return new TeacherBox(group, cocoClass, score, x, y, width, height, id);
    }
}
