package dev.saccade.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Markdown summary content and number formatting. */
class SummaryMarkdownTest {

    @TempDir
    Path dir;

    @Test
    void summarizesCostsExitsClassesAndCommand() throws Exception {
        Path file = dir.resolve("summary.md");
        SummaryMarkdown.write(file, ReportFixtures.report(), "./saccade eval --split test");
        String md = Files.readString(file);

        assertThat(md)
                .contains("# Saccade evaluation: test split")
                .contains("10 clips, model 3 (`models/cascade-v3`), 2 cores.")
                .contains("| dense (full model on every frame) | 90.0% | 12.3 | 1.0x |")
                .contains("| adaptive cascade | 80.0% | 1 | 12.3x |")
                .contains("| glance | 70.0% |")
                .contains("| focus-1 | 20.0% |")
                .contains("| static | 5 | 80.0% | 100.0% |")
                .contains("| motion | 5 | 100.0% | 60.0% |")
                .contains("| person | 0 | n/a | n/a |")
                .contains("```\n./saccade eval --split test\n```");
    }

    @Test
    void formatsNumbers() {
        assertThat(SummaryMarkdown.savingFactor(12.3, 1.0)).isEqualTo("12.3x");
        assertThat(SummaryMarkdown.savingFactor(5, 0)).isEqualTo("n/a");
        assertThat(SummaryMarkdown.gmacs(0.0012345)).isEqualTo("0.00123");
        assertThat(SummaryMarkdown.gmacs(1234.5)).isEqualTo("1230");
        assertThat(SummaryMarkdown.percent(Double.NaN)).isEqualTo("n/a");
    }
}
