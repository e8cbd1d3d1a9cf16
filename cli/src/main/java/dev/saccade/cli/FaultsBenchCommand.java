package dev.saccade.cli;

import dev.saccade.bench.faults.FaultsBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.command.SettingsMixin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./saccade bench faults}: TaskManager kills and broker restarts on the multi-process cluster. */
@Command(
        name = "faults",
        mixinStandardHelpOptions = true,
        description = "Starts a Kafka broker in its own process (data on disk) and the multi-process cluster of "
                + "./saccade cluster, runs the job on a known set of synthetic frames once without faults, then again "
                + "on the same frames fed over time while it kill -9s TaskManagers (restarting each 2 s later, as a "
                + "supervisor would; both cpu-tm and gpu-tm, where focus runs) and stops and restarts the broker. "
                + "Reads the events read_committed and writes expected, lost and duplicated clips, kills, broker "
                + "restarts, job restarts (REST API), recovery times and the clips whose label or stage differ from the "
                + "fault-free run, as JSON. Takes about 10 minutes on 2 cores.",
        footer = "Example: ./saccade bench faults --kills 5 --broker-restarts 1 --stage split --out faults.json")
public final class FaultsBenchCommand implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "5", description = "TaskManager kills (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--broker-restarts",
            defaultValue = "1",
            description = "Broker stops and restarts (default: ${DEFAULT-VALUE}).")
    int brokerRestarts;

    @Option(names = "--streams", defaultValue = "4", description = "Synthetic streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--clips", defaultValue = "16", description = "Clips per stream (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--mode",
            defaultValue = "adaptive",
            description = "Pipeline mode: adaptive, dense or motion (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(
            names = "--stage",
            defaultValue = "all",
            description = "all: one whole job; split: a focus job and a glance job (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--seed",
            defaultValue = "18",
            description = "Seed of frames and faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--feed-seconds",
            defaultValue = "0",
            description = "Seconds over which the faulty run's frames are fed (default: 20 + 40 per fault).")
    double feedSeconds;

    @Option(
            names = "--timeout",
            defaultValue = "900",
            description = "Seconds to wait for the last clips after the feed (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: the shipped one).")
    Path model;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where the broker's data and the cluster's state and logs go (default: a new temp dir, "
                    + "deleted after a run that completed unless --keep).")
    Path dir;

    @Option(names = "--keep", description = "Keep the broker's data and the cluster's logs.")
    boolean keep;

    @Option(names = "--out", required = true, description = "JSON report to write.")
    Path out;

    @Mixin
    SettingsMixin settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var cl = spec.commandLine();
        OptionChecks.between(cl, "--kills", kills, 0, 100);
        OptionChecks.between(cl, "--broker-restarts", brokerRestarts, 0, 20);
        OptionChecks.between(cl, "--streams", streams, 1, 32);
        OptionChecks.between(cl, "--clips", clips, 1, 10_000);
        OptionChecks.oneOf(cl, "--mode", mode, "adaptive", "dense", "motion");
        OptionChecks.oneOf(cl, "--stage", stage, "all", "split");
        if (stage.equals("split") && !mode.equals("adaptive")) {
            throw new CommandLine.ParameterException(
                    cl, "--stage split needs --mode adaptive (only it has a focus stage)");
        }
        OptionChecks.between(cl, "--parallelism", parallelism, 1, 8);
        if (feedSeconds < 0) {
            throw new CommandLine.ParameterException(
                    cl, "--feed-seconds must be 0 (automatic) or more, not " + feedSeconds);
        }
        OptionChecks.atLeast(cl, "--timeout", timeoutSeconds, 10);
        OptionChecks.directoryWith(cl, "--model", model, "manifest.json");
        Path state = dir != null ? dir : Files.createTempDirectory("saccade-faults-");
        Map<String, Object> report = new FaultsBench(
                        new FaultsBench.Settings(
                                kills,
                                brokerRestarts,
                                streams,
                                clips,
                                mode,
                                stage,
                                parallelism,
                                seed,
                                feedSeconds,
                                timeoutSeconds,
                                model != null ? model : ModelPaths.defaultBundle(),
                                state.toAbsolutePath(),
                                keep,
                                settings.settings()),
                        System.err)
                .run(out);
        System.err.printf(
                "bench faults: wrote %s: expected_clips=%s lost_clips=%s duplicate_clips=%s kills=%s broker_restarts=%s "
                        + "job_restarts=%s recovery_s_p50=%s recovery_s_max=%s differing=%s%n",
                out,
                report.get("expected_clips"),
                report.get("lost_clips"),
                report.get("duplicate_clips"),
                report.get("kills"),
                report.get("broker_restarts"),
                report.get("job_restarts"),
                report.get("recovery_s_p50"),
                report.get("recovery_s_max"),
                report.get("events_differing_from_fault_free"));
        return 0;
    }
}
