package dev.saccade.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The baseline is the fastest timed variant, and every variant is reported. */
class DenseVariantsTest {
    @Test
    void theFastestIsTheBaseline() {
        DenseVariants d = new DenseVariants();
        d.add(DenseVariants.ENGINE, "engine", () -> {});
        d.add(DenseVariants.ORT_ONE, "ort", () -> {});
        d.add(DenseVariants.JAVA, "java", () -> {});
        d.addMultiThreaded(DenseVariants.ORT_DEFAULT, "ort, its threads", () -> {});
        d.variants().get(0).msPerFrame = 3.0;
        d.variants().get(1).msPerFrame = 1.5;
        d.variants().get(2).msPerFrame = 2.0;
        d.variants().get(3).msPerFrame = 1.0;
        assertThat(d.fastest().name).as("the fastest on one thread").isEqualTo(DenseVariants.ORT_ONE);
        assertThat(d.msPerFrame()).containsEntry(DenseVariants.ORT_DEFAULT, 1.0);
        assertThat(d.msPerFrame()).containsKeys(DenseVariants.ENGINE, DenseVariants.ORT_ONE, DenseVariants.JAVA);
        assertThat(d.speedups(1.0)).containsEntry(DenseVariants.ENGINE, 3.0);
    }

    @Test
    void nothingTimedHasNoBaseline() {
        DenseVariants d = new DenseVariants();
        d.add(DenseVariants.ENGINE, "engine", () -> {});
        assertThatThrownBy(d::fastest).isInstanceOf(IllegalStateException.class);
    }
}
