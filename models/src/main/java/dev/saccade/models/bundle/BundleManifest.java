package dev.saccade.models.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.saccade.models.external.ExternalModelSpec;
import java.util.List;
import java.util.Map;

/**
 * The manifest.json of a model bundle: each role's architecture and parameter file, input sizes, normalisation,
 * labels, exit thresholds, version, the command and seed that made it, what it measured, and where it came from (git
 * commit, every training setting, the data's hashes).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
        @JsonProperty("format") String format,
        @JsonProperty("version") String version,
        @JsonProperty("created") String created,
        @JsonProperty("command") String command,
        @JsonProperty("seed") long seed,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("clip_length") int clipLength,
        @JsonProperty("frame_width") int frameWidth,
        @JsonProperty("frame_height") int frameHeight,
        @JsonProperty("normalisation") Normalisation normalisation,
        @JsonProperty("roles") Map<String, Role> roles,
        @JsonProperty("policy") PolicySpec policy,
        @JsonProperty("thresholds") List<Double> thresholds,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("provenance") Map<String, Object> provenance) {

    public static final String FORMAT = "saccade-bundle/1";

    /** A manifest without provenance (bundles written before it was recorded). */
    public BundleManifest(
            String format,
            String version,
            String created,
            String command,
            long seed,
            List<String> labels,
            int clipLength,
            int frameWidth,
            int frameHeight,
            Normalisation normalisation,
            Map<String, Role> roles,
            PolicySpec policy,
            List<Double> thresholds,
            Map<String, Object> metrics) {
        this(
                format,
                version,
                created,
                command,
                seed,
                labels,
                clipLength,
                frameWidth,
                frameHeight,
                normalisation,
                roles,
                policy,
                thresholds,
                metrics,
                null);
    }

    /** How pixels become network inputs. */
    public record Normalisation(
            @JsonProperty("channel_order") String channelOrder,
            @JsonProperty("scale") double scale,
            @JsonProperty("offset") double offset,
            @JsonProperty("glance_extra_channel") String glanceExtraChannel,
            @JsonProperty("glance_difference_floor_levels") int glanceDifferenceFloorLevels) {}

    /** One network of the cascade: built-in (architecture + parameters) or an external ONNX/TorchScript model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Role(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("parameters") String parameters,
            @JsonProperty("input") List<Integer> input,
            @JsonProperty("macs") long macs,
            @JsonProperty("macs_unit") String macsUnit,
            @JsonProperty("external") ExternalModelSpec external) {}

    /** How the policy places patches. */
    public record PolicySpec(
            @JsonProperty("grid") List<Integer> grid,
            @JsonProperty("levels") List<Integer> levels,
            @JsonProperty("focus_steps") int focusSteps,
            @JsonProperty("patch_input") int patchInput) {}
}
