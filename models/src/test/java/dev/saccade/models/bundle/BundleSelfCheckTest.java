package dev.saccade.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.models.engine.CpuFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleSelfCheckTest {
    private static final Path SHIPPED = Path.of("bundle");

    /** A copy of the shipped bundle whose golden glance output is moved by {@code delta} at index {@code at}. */
    static Path corruptedCopy(Path dir, int at, double delta) throws IOException {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode golden =
                (ObjectNode) json.readTree(dir.resolve(BundleSelfCheck.FILE).toFile());
        ArrayNode glance = (ArrayNode) golden.get("outputs").get("glance");
        glance.set(at, glance.get(at).asDouble() + delta);
        json.writeValue(dir.resolve(BundleSelfCheck.FILE).toFile(), golden);
        return dir;
    }

    @Test
    void theShippedBundleMeetsItsFloat64GoldenOutputs() throws Exception {
        try (ModelBundle b = ModelBundle.load(SHIPPED)) {
            BundleSelfCheck.Report r = b.selfCheck();
            assertThat(r).isNotNull();
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.networks())
                    .extracting(BundleSelfCheck.NetworkResult::network)
                    .containsExactly("glance", "focus", "dense");
            for (BundleSelfCheck.NetworkResult n : r.networks()) {
                // a correct engine is far inside the bound, which is itself far below what a wrong kernel did (1e-3 to
                // 1e-2)
                assertThat(n.error()).as(n.network()).isLessThan(n.tolerance() / 10);
                assertThat(n.tolerance()).isBetween(1e-5, 1e-3);
            }
        }
    }

    @Test
    void aBundleWhoseGoldenOutputIsOffIsRefusedNamingCpuEngineNetworkAndError(@TempDir Path dir) throws Exception {
        corruptedCopy(dir, 1, 0.01);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(BundleSelfCheck.SelfCheckFailed.class)
                .hasMessageContaining("model self-check failed")
                .hasMessageContaining(CpuFacts.read().modelName())
                .hasMessageContaining("PyTorch")
                .hasMessageContaining("network glance differs from its float64 golden outputs by 0.01")
                .hasMessageNotContaining("network focus")
                .hasMessageNotContaining("network dense");
    }

    @Test
    void onAGpuTheTensorFloat32BudgetIsLooserButStillABound() throws Exception {
        try (ModelBundle b = ModelBundle.load(SHIPPED)) {
            for (String n : new String[] {"glance", "focus", "dense"}) {
                double cpu = BundleSelfCheck.tolerance(b.nets(), n, false);
                double gpu = BundleSelfCheck.tolerance(b.nets(), n, true);
                // TF32 measured on an H100: glance 3e-3, focus 1e-5, dense 1.5e-4 (benchmarks/cpu, README)
                assertThat(gpu).as(n).isGreaterThan(cpu).isBetween(5e-3, 0.05);
            }
        }
    }

    @Test
    void aDifferenceWithinFloat32RoundingPasses(@TempDir Path dir) throws Exception {
        corruptedCopy(dir, 1, 2e-6);
        try (ModelBundle b = ModelBundle.load(dir)) {
            assertThat(b.selfCheck().ok()).isTrue();
        }
    }
}
