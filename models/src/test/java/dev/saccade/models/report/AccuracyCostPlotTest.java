package dev.saccade.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accuracy-cost PNG is written headless and readable. */
class AccuracyCostPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesAReadable800x600Png() throws Exception {
        EvalReport r = ReportFixtures.report();
        Path file = dir.resolve("plots/accuracy-cost.png");
        AccuracyCostPlot.writePng(
                file,
                r.sweep(),
                r.dense().accuracy(),
                r.dense().gmacsPerClip(),
                r.sweep().get(1));

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(600);
    }

    @Test
    void writesToTheExactPathEvenWithoutPngExtension() throws Exception {
        Path file = dir.resolve("plot");
        AccuracyCostPlot.writePng(file, List.of(), 0.9, 5.0);
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(800);
        assertThat(dir.resolve("plot.png")).doesNotExist();
    }

    @Test
    void logScaleOnlyWhenTheCostsSpanMoreThanTenfold() {
        assertThat(AccuracyCostPlot.useLogScale(List.of(0.4, 1.0, 12.3))).isTrue();
        assertThat(AccuracyCostPlot.useLogScale(List.of(2.0, 12.3))).isFalse();
        assertThat(AccuracyCostPlot.useLogScale(List.of(0.0, 12.3))).isFalse();
        assertThat(AccuracyCostPlot.chart(ReportFixtures.report().sweep(), 0.9, 12.3, null)
                        .getStyler()
                        .isXAxisLogarithmic())
                .isTrue();
    }
}
