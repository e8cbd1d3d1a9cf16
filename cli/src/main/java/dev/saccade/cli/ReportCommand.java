package dev.saccade.cli;

import dev.saccade.cli.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** A static HTML report with plots, from eval and bench JSONs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes DIR/index.html with its plots as PNG files beside it: for each eval JSON (synthetic or footage) "
                    + "a table of every mode and baseline, accuracy (or agreement with the teacher) against GMACs per "
                    + "clip, the exit distribution and the confusion matrices; for each bench pipeline JSON the "
                    + "latency CDF and frames per second per mode."
        })
public final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--eval", paramLabel = "JSON", description = "An eval JSON of ./saccade eval (repeatable).")
    List<Path> evals = new ArrayList<>();

    @Option(names = "--bench", paramLabel = "JSON", description = "A JSON of ./saccade bench pipeline (repeatable).")
    List<Path> benches = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the report to.")
    Path out;

    @Override
    public Integer call() throws Exception {
        var cl = spec.commandLine();
        if (evals.isEmpty() && benches.isEmpty()) {
            throw new ParameterException(cl, "give at least one --eval or --bench JSON");
        }
        for (Path p : evals) {
            if (!Files.isReadable(p)) {
                throw new ParameterException(cl, "--eval " + p + " is not a readable file");
            }
        }
        for (Path p : benches) {
            if (!Files.isReadable(p)) {
                throw new ParameterException(cl, "--bench " + p + " is not a readable file");
            }
        }
        StringBuilder command = new StringBuilder("./saccade report");
        evals.forEach(p -> command.append(" --eval ").append(p));
        benches.forEach(p -> command.append(" --bench ").append(p));
        command.append(" --out ").append(out);
        List<String> images;
        try {
            images = HtmlReport.write(evals, benches, out, command.toString());
        } catch (java.io.IOException e) {
            System.err.println("report: " + e.getMessage());
            return 1;
        }
        System.err.println("report: wrote " + out.resolve("index.html") + " with " + images.size() + " images");
        return 0;
    }
}
