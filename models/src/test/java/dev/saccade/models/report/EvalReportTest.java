package dev.saccade.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON form of the evaluation report: round trip and exact key names. */
class EvalReportTest {

    @TempDir
    Path dir;

    @Test
    void jsonRoundTripsWithTheDocumentedKeys() throws Exception {
        EvalReport report = ReportFixtures.report();
        Path file = dir.resolve("out/report.json");
        report.writeJson(file);

        assertThat(EvalReport.readJson(file)).isEqualTo(report);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.fieldNames())
                .toIterable()
                .containsExactly(
                        "dense", "adaptive", "per_class", "confusion", "sweep", "clips", "split", "model", "machine");
        assertThat(root.path("dense").path("gmacs_per_clip").asDouble()).isEqualTo(12.3);
        assertThat(root.path("adaptive").path("gmacs_per_clip").asDouble()).isEqualTo(1.0);
        assertThat(root.path("adaptive").path("exit_fraction").fieldNames())
                .toIterable()
                .containsExactly("glance", "focus-1", "full");
        assertThat(root.path("per_class").path("dense").path("static").asDouble())
                .isEqualTo(0.8);
        assertThat(root.path("per_class").path("dense").has("person")).isFalse();
        assertThat(root.path("confusion").path("labels").get(2).asText()).isEqualTo("person");
        assertThat(root.path("confusion").path("adaptive").get(1).toString()).isEqualTo("[1,3,1]");
        assertThat(root.path("sweep").get(0).path("threshold_scale").asDouble()).isEqualTo(0.5);
        assertThat(root.path("sweep").get(0).has("name")).isFalse();
        assertThat(root.path("sweep").get(3).path("name").asText()).isEqualTo("always-full");
        assertThat(root.path("sweep").get(3).has("threshold_scale")).isFalse();
        assertThat(root.path("model").path("path").asText()).isEqualTo("models/cascade-v3");
        assertThat(root.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(root.path("clips").asLong()).isEqualTo(10);
        assertThat(Files.readString(file)).doesNotContain("\"label\"").doesNotContain("saving");
    }

    @Test
    void readsHandWrittenJsonIgnoringUnknownKeys() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(
                file,
                """
        {"dense": {"accuracy": 0.91, "gmacs_per_clip": 20.0},
         "adaptive": {"accuracy": 0.9, "gmacs_per_clip": 2.5, "exit_fraction": {"glance": 1.0}},
         "sweep": [{"threshold_scale": 1.5, "accuracy": 0.92, "gmacs_per_clip": 3}],
         "clips": 7, "split": "test", "future_key": [1, 2]}
        """);
        EvalReport r = EvalReport.readJson(file);
        assertThat(r.savingFactor()).isEqualTo(8.0);
        assertThat(r.sweep()).containsExactly(SweepPoint.atScale(1.5, 0.92, 3.0));
        assertThat(r.perClass()).isNull();
        assertThat(r.adaptive().exitFraction()).containsEntry("glance", 1.0);
    }
}
