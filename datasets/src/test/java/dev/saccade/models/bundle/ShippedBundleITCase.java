package dev.saccade.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.data.Split;
import dev.saccade.models.eval.CascadeEvaluation;
import dev.saccade.models.report.EvalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle shipped in models/bundle loads, and on unseen test backgrounds it scores what its manifest promises. */
class ShippedBundleITCase {
    private static final Path SHIPPED = Path.of("../models/bundle");

    @Test
    void shippedBundleMatchesItsManifestOnTheTestSplit(@TempDir Path out) throws Exception {
        assertThat(SHIPPED.resolve(ModelBundle.MANIFEST))
                .as("the repo ships a trained bundle")
                .exists();
        long bytes;
        try (var files = Files.list(SHIPPED)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).as("bundle size").isLessThan(10L * 1024 * 1024);
        try (ModelBundle bundle = ModelBundle.load(SHIPPED)) {
            Map<String, Object> metrics = bundle.manifest().metrics();
            double denseVal = ((Number) metrics.get("validation_dense_accuracy")).doubleValue();
            double adaptiveVal = ((Number) metrics.get("validation_adaptive_accuracy")).doubleValue();
            // the quick workload's test split: 120 clips from 4 unseen backgrounds, so allow for sampling noise
            EvalReport r = CascadeEvaluation.run(
                    bundle,
                    SyntheticWorkload.of(bundle.manifest().clipLength(), WorkloadSize.quick()),
                    Split.TEST,
                    out.resolve("r.json"),
                    "test",
                    l -> {});
            assertThat(r.dense().accuracy()).isGreaterThanOrEqualTo(denseVal - 0.08);
            assertThat(r.adaptive().accuracy()).isGreaterThanOrEqualTo(adaptiveVal - 0.08);
            assertThat(r.adaptive().gmacsPerClip()).isLessThan(r.dense().gmacsPerClip() / 5);
        }
    }
}
