package dev.saccade.models.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every engine op at the networks' shapes, and f_G whole (engine and skip-convolutions), within float32's rounding
 * bound of a float64 reference, on whatever CPU runs the tests (with the guard's decision for that CPU).
 */
class OpAuditTest {
    @Test
    void everyOpIsWithinFloat32RoundingOfTheFloat64Reference() throws Exception {
        try (ModelBundle bundle = ModelBundle.load(Path.of("bundle"))) {
            List<OpAudit.Finding> findings = OpAudit.run(bundle.nets());
            assertThat(findings).hasSizeGreaterThan(100);
            assertThat(findings)
                    .filteredOn(f -> !f.ok())
                    .as(
                            "ops outside float32 rounding on %s with %s",
                            CpuFacts.read().describe(), OneDnnGuard.ensure().describe())
                    .isEmpty();
            // the bound is tight enough to matter: correct kernels use a visible part of it somewhere
            assertThat(findings).anyMatch(f -> f.worstRatio() > 1e-3);
        }
    }
}
