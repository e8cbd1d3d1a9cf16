package dev.saccade.models.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders an {@link EvalReport} as a short Markdown summary for humans. */
public final class SummaryMarkdown {

    private SummaryMarkdown() {}

    /** Writes {@link #render} to {@code file}, creating parent directories. */
    public static void write(Path file, EvalReport report, String commandLine) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report, commandLine), StandardCharsets.UTF_8);
    }

    /**
     * The summary: dense vs adaptive table with the saving factor, exit distribution, per-class
     * accuracy, and the command line that produced the report (omitted when null or blank).
     */
    public static String render(EvalReport report, String commandLine) {
        StringBuilder md = new StringBuilder();
        md.append("# Saccade evaluation");
        if (report.split() != null) {
            md.append(": ").append(report.split()).append(" split");
        }
        md.append("\n\n");
        List<String> facts = new ArrayList<>();
        facts.add(report.clips() + " clips");
        if (report.model() != null) {
            String m = "model "
                    + (report.model().version() == null ? "?" : report.model().version());
            if (report.model().path() != null) {
                m += " (`" + report.model().path() + "`)";
            }
            facts.add(m);
        }
        if (report.machine() != null) {
            facts.add(report.machine().cores() + " cores");
        }
        md.append(String.join(", ", facts)).append(".\n\n");

        md.append("| | accuracy | GMACs per clip | saving |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        md.append(row(
                AccuracyCostPlot.DENSE_LABEL,
                percent(report.dense().accuracy()),
                gmacs(report.dense().gmacsPerClip()),
                "1.0x"));
        md.append(row(
                "adaptive cascade",
                percent(report.adaptive().accuracy()),
                gmacs(report.adaptive().gmacsPerClip()),
                savingFactor(report.dense().gmacsPerClip(), report.adaptive().gmacsPerClip())));

        Map<String, Double> exits = report.adaptive().exitFraction();
        if (!exits.isEmpty()) {
            md.append("\n## Where clips exit\n\n");
            md.append("| exit | share of clips |\n| --- | ---: |\n");
            exits.forEach((exit, f) -> md.append(row(exit, percent(f))));
        }

        if (report.perClass() != null) {
            appendPerClass(md, report);
        }

        if (commandLine != null && !commandLine.isBlank()) {
            md.append("\n## Produced by\n\n```\n").append(commandLine.strip()).append("\n```\n");
        }
        return md.toString();
    }

    private static void appendPerClass(StringBuilder md, EvalReport report) {
        Map<String, Double> dense = report.perClass().dense();
        Map<String, Double> adaptive = report.perClass().adaptive();
        Set<String> labels = new LinkedHashSet<>();
        EvalReport.Confusion confusion = report.confusion();
        if (confusion != null) {
            labels.addAll(confusion.labels());
        }
        labels.addAll(dense.keySet());
        labels.addAll(adaptive.keySet());
        if (labels.isEmpty()) {
            return;
        }
        // clip counts tell a reader how much a class's accuracy can be trusted
        boolean support = confusion != null;
        md.append("\n## Accuracy per class\n\n");
        md.append("Recall of each true class; \"n/a\": no clips of that class in the split.\n\n");
        md.append(
                support
                        ? "| class | clips | dense | adaptive |\n| --- | ---: | ---: | ---: |\n"
                        : "| class | dense | adaptive |\n| --- | ---: | ---: |\n");
        for (String label : labels) {
            String d = percent(dense.getOrDefault(label, Double.NaN));
            String a = percent(adaptive.getOrDefault(label, Double.NaN));
            if (support) {
                int i = confusion.labels().indexOf(label);
                String clips = i < 0
                        ? "n/a"
                        : Long.toString(ConfusionMatrix.of(confusion.dense()).support(i));
                md.append(row(label, clips, d, a));
            } else {
                md.append(row(label, d, a));
            }
        }
    }

    /** Dense over adaptive cost with one decimal, e.g. "12.3x"; "n/a" when undefined. */
    public static String savingFactor(double denseGmacs, double adaptiveGmacs) {
        double f = denseGmacs / adaptiveGmacs;
        if (!(adaptiveGmacs > 0) || !Double.isFinite(f)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1fx", f);
    }

    // three significant digits reads well from 0.00123 to 1230 GMACs without exponents
    static String gmacs(double g) {
        if (!Double.isFinite(g)) {
            return "n/a";
        }
        if (g == 0) {
            return "0";
        }
        return new BigDecimal(g).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", fraction * 100) : "n/a";
    }

    private static String row(String... cells) {
        StringBuilder r = new StringBuilder("|");
        for (String c : cells) {
            // a pipe inside a label would split the cell
            r.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        return r.append('\n').toString();
    }
}
