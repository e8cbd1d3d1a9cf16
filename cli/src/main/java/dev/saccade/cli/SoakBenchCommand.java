package dev.saccade.cli;

import dev.saccade.bench.soak.SoakBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.command.SettingsMixin;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./saccade bench soak}: the adaptive job on the demo's streams in real time, the process sampled each minute. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description =
                "Runs the adaptive job with the shipped bundle on the demo's synthetic streams in real time, in "
                        + "this process with an embedded broker like the demo, and samples every minute the process's RSS, "
                        + "heap used, direct buffer memory, open file descriptors and threads (a progress line each). Writes "
                        + "the samples and rss_growth_pct (mean RSS of the last third of the samples against the second) as JSON.")
public final class SoakBenchCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "30", description = "Minutes to run (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--streams", defaultValue = "4", description = "Synthetic streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--fps",
            defaultValue = "10",
            description = "Frames per second per stream (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: the shipped one).")
    Path model;

    @Option(names = "--out", required = true, description = "JSON report to write.")
    Path out;

    @Mixin
    SettingsMixin settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var cl = spec.commandLine();
        OptionChecks.atLeast(cl, "--minutes", minutes, 1);
        OptionChecks.atLeast(cl, "--streams", streams, 1);
        OptionChecks.positive(cl, "--fps", fps);
        OptionChecks.atLeast(cl, "--parallelism", parallelism, 1);
        OptionChecks.directoryWith(cl, "--model", model, "manifest.json");
        ModelPaths.configurePipelineThreads();
        var report = new SoakBench(
                        new SoakBench.Settings(
                                minutes,
                                streams,
                                fps,
                                parallelism,
                                model != null ? model : ModelPaths.defaultBundle(),
                                settings.settings()),
                        System.err::println)
                .run(out);
        System.err.println("bench soak: wrote " + out + ": " + report.get("minutes") + " min, RSS growth "
                + report.get("rss_growth_pct") + " %, " + report.get("events") + " events");
        return 0;
    }
}
