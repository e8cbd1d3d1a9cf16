package dev.saccade.models.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@code ./saccade eval}: dense baseline vs adaptive cascade, as written to report JSON.
 *
 * <p>{@code dense} and {@code adaptive} are required; the other sections may be null (omitted from
 * the JSON) and {@code sweep} defaults to empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"dense", "adaptive", "per_class", "confusion", "sweep", "clips", "split", "model", "machine"})
public record EvalReport(
        @JsonProperty("dense") Dense dense,
        @JsonProperty("adaptive") Adaptive adaptive,
        @JsonProperty("per_class") PerClass perClass,
        @JsonProperty("confusion") Confusion confusion,
        @JsonProperty("sweep") List<SweepPoint> sweep,
        @JsonProperty("clips") long clips,
        @JsonProperty("split") String split,
        @JsonProperty("model") ModelInfo model,
        @JsonProperty("machine") MachineInfo machine) {

    // ignoring unknown keys lets an older reader open a report from a newer writer
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public EvalReport {
        Objects.requireNonNull(dense, "dense");
        Objects.requireNonNull(adaptive, "adaptive");
        sweep = sweep == null ? List.of() : List.copyOf(sweep);
    }

    /** Dense baseline divided by adaptive GMACs per clip; NaN when the adaptive cost is not positive. */
    public double savingFactor() {
        return adaptive.gmacsPerClip() > 0 ? dense.gmacsPerClip() / adaptive.gmacsPerClip() : Double.NaN;
    }

    /** Writes pretty-printed JSON to {@code file}, creating its parent directories. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, MAPPER.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    }

    /** Reads a report written by {@link #writeJson}. */
    public static EvalReport readJson(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), EvalReport.class);
    }

    /** The full model run on every frame. */
    public record Dense(
            @JsonProperty("accuracy") double accuracy, @JsonProperty("gmacs_per_clip") double gmacsPerClip) {}

    /**
     * The adaptive cascade at its chosen operating point.
     *
     * @param exitFraction fraction of clips settled at each exit, in cascade order
     */
    @JsonPropertyOrder({"accuracy", "gmacs_per_clip", "exit_fraction"})
    public record Adaptive(
            @JsonProperty("accuracy") double accuracy,
            @JsonProperty("gmacs_per_clip") double gmacsPerClip,
            @JsonProperty("exit_fraction") Map<String, Double> exitFraction) {

        public Adaptive {
            exitFraction = orderedCopy(exitFraction);
        }
    }

    /** Recall per true class; classes without test clips are absent (see {@link ConfusionMatrix}). */
    public record PerClass(
            @JsonProperty("dense") Map<String, Double> dense, @JsonProperty("adaptive") Map<String, Double> adaptive) {

        public PerClass {
            dense = orderedCopy(dense);
            adaptive = orderedCopy(adaptive);
        }

        /** Per-class recall of both matrices over {@code labels}. */
        public static PerClass of(List<String> labels, ConfusionMatrix dense, ConfusionMatrix adaptive) {
            return new PerClass(dense.perClassAccuracy(labels), adaptive.perClassAccuracy(labels));
        }
    }

    /** Both confusion matrices (rows: true class, columns: predicted class) over the same labels. */
    @JsonPropertyOrder({"labels", "dense", "adaptive"})
    public record Confusion(
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("dense") long[][] dense,
            @JsonProperty("adaptive") long[][] adaptive) {

        public Confusion {
            labels = List.copyOf(labels);
            dense = ConfusionMatrix.of(dense).counts();
            adaptive = ConfusionMatrix.of(adaptive).counts();
            if (dense.length != labels.size() || adaptive.length != labels.size()) {
                throw new IllegalArgumentException(
                        labels.size() + " labels but matrices of " + dense.length + " and " + adaptive.length);
            }
        }

        /** Both matrices over {@code labels}. */
        public static Confusion of(List<String> labels, ConfusionMatrix dense, ConfusionMatrix adaptive) {
            return new Confusion(labels, dense.counts(), adaptive.counts());
        }

        // records compare arrays by identity; a report read back must equal the one written
        @Override
        public boolean equals(Object o) {
            return o instanceof Confusion c
                    && labels.equals(c.labels)
                    && Arrays.deepEquals(dense, c.dense)
                    && Arrays.deepEquals(adaptive, c.adaptive);
        }

        @Override
        public int hashCode() {
            return Objects.hash(labels, Arrays.deepHashCode(dense), Arrays.deepHashCode(adaptive));
        }

        @Override
        public String toString() {
            return "Confusion[labels=" + labels + ", dense=" + Arrays.deepToString(dense) + ", adaptive="
                    + Arrays.deepToString(adaptive) + "]";
        }
    }

    /** Which model was evaluated. */
    public record ModelInfo(@JsonProperty("version") String version, @JsonProperty("path") String path) {}

    /** Where it was evaluated. */
    public record MachineInfo(@JsonProperty("cores") int cores) {}

    // keeps insertion order (cascade order, label order) where Map.copyOf would scramble it
    private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
