package dev.saccade.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.Split;
import dev.saccade.models.eval.CascadeEvaluation;
import dev.saccade.models.report.EvalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick training run really trains: a bundle that loads and beats chance, with compute counted. */
class QuickTrainingITCase {

    @Test
    void quickTrainingProducesABundleThatBeatsChanceAndSavesCompute(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        BundleManifest manifest = ModelTraining.run(
                TrainSettings.quick(7), SyntheticWorkload.of(8, WorkloadSize.quick()), dir, "test", progress::add);

        assertThat(progress)
                .anyMatch(l -> l.startsWith("glance epoch 1/"))
                .anyMatch(l -> l.startsWith("dense  epoch 1/"))
                .anyMatch(l -> l.startsWith("focus  epoch 1/"));
        assertThat(dir.resolve("manifest.json")).exists();
        for (String params : List.of("glance-0000.params", "focus-0000.params", "dense-0000.params")) {
            assertThat(Files.size(dir.resolve(params))).isGreaterThan(10_000);
        }
        assertThat(manifest.labels()).hasSize(6);
        assertThat(manifest.thresholds()).hasSize(manifest.policy().focusSteps() + 1);
        assertThat(manifest.roles().get("dense").macs())
                .isGreaterThan(10 * manifest.roles().get("glance").macs());

        try (ModelBundle bundle = ModelBundle.load(dir)) {
            EvalReport r = CascadeEvaluation.run(
                    bundle,
                    SyntheticWorkload.of(8, WorkloadSize.quick()),
                    Split.TEST,
                    dir.resolve("report.json"),
                    "test",
                    l -> {});
            double chance = 1.0 / manifest.labels().size();
            assertThat(r.dense().accuracy()).as("dense beats chance").isGreaterThan(chance);
            assertThat(r.adaptive().accuracy()).as("adaptive beats chance").isGreaterThan(chance);
            assertThat(r.adaptive().gmacsPerClip())
                    .as("adaptive spends less")
                    .isLessThan(r.dense().gmacsPerClip());
            double exits = r.adaptive().exitFraction().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            assertThat(exits).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(dir.resolve("report.png")).exists();
            assertThat(Files.readString(dir.resolve("report.md"))).contains("GMAC");
        }
    }
}
