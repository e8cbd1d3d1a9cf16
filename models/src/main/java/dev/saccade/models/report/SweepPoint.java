package dev.saccade.models.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One operating point of the accuracy-cost sweep, identified by a threshold scale or by a name.
 *
 * @param thresholdScale factor applied to the exit thresholds, or null for a named point
 * @param name name of the point (e.g. a fixed policy), or null for a threshold point
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepPoint(
        @JsonProperty("threshold_scale") Double thresholdScale,
        @JsonProperty("name") String name,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("gmacs_per_clip") double gmacsPerClip) {

    public SweepPoint {
        if (thresholdScale == null && name == null) {
            throw new IllegalArgumentException("a sweep point needs a threshold_scale or a name");
        }
    }

    /** A point of the threshold sweep. */
    public static SweepPoint atScale(double thresholdScale, double accuracy, double gmacsPerClip) {
        return new SweepPoint(thresholdScale, null, accuracy, gmacsPerClip);
    }

    /** A named point. */
    public static SweepPoint named(String name, double accuracy, double gmacsPerClip) {
        return new SweepPoint(null, name, accuracy, gmacsPerClip);
    }

    /** The name if there is one, else "scale S". */
    @JsonIgnore
    public String label() {
        return name != null ? name : String.format(Locale.ROOT, "scale %s", thresholdScale);
    }
}
