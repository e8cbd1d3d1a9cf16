package dev.saccade.cli;

import dev.saccade.bench.fuzz.FuzzBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.command.SettingsMixin;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./saccade bench fuzz}: malformed records among good frames through the real broker and job. */
@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        description = "Sends malformed records of 16 kinds (random bytes, truncated Avro, another schema, truncated "
                + "JPEG, size mismatches, zero and huge sizes, an unknown encoding, oversized payloads, empty stream ids, "
                + "sequences going backwards, ...) as raw bytes among good synthetic frames of the same streams and "
                + "partitions into an embedded broker, runs the adaptive job on a local MiniCluster on them, then the "
                + "split deployment (glance job + focus job) with malformed focus requests among the real ones. Writes "
                + "what became of every bad record (its dead letter, reason and offset), the good clips seen, the job "
                + "restarts, and whether each clip's label and stage equal a clean run's, as JSON.")
public final class FuzzBenchCommand implements Callable<Integer> {
    @Option(
            names = "--records",
            defaultValue = "10000",
            description = "Malformed frame records (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(
            names = "--request-records",
            defaultValue = "1000",
            description = "Malformed focus-request records in the split run (default: ${DEFAULT-VALUE}).")
    int requestRecords;

    @Option(names = "--streams", defaultValue = "4", description = "Synthetic streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--frames",
            defaultValue = "256",
            description = "Good frames per stream, rounded down to whole clips (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--seed",
            defaultValue = "18",
            description = "Seed of streams and faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--timeout",
            defaultValue = "900",
            description = "Seconds each run may take before it is reported as incomplete (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

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
        OptionChecks.atLeast(cl, "--records", records, 0);
        OptionChecks.atLeast(cl, "--request-records", requestRecords, 0);
        OptionChecks.between(cl, "--streams", streams, 1, 64);
        OptionChecks.between(cl, "--frames", frames, 16, 100_000);
        OptionChecks.atLeast(cl, "--partitions", partitions, 1);
        OptionChecks.atLeast(cl, "--parallelism", parallelism, 1);
        OptionChecks.atLeast(cl, "--timeout", timeoutSeconds, 10);
        OptionChecks.directoryWith(cl, "--model", model, "manifest.json");
        ModelPaths.configurePipelineThreads();
        FuzzBench bench = new FuzzBench(
                new FuzzBench.Settings(
                        records,
                        requestRecords,
                        streams,
                        frames,
                        partitions,
                        parallelism,
                        seed,
                        timeoutSeconds,
                        model != null ? model : ModelPaths.defaultBundle(),
                        settings.settings()),
                System.err::println);
        var report = bench.run(out);
        System.err.println("bench fuzz: wrote " + out + ": " + summary(report));
        return 0;
    }

    private static String summary(java.util.Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        for (String k : new String[] {
            "bad_sent",
            "dead_lettered",
            "by_reason",
            "good_clips_expected",
            "good_clips_seen",
            "job_restarts",
            "events_equal_to_clean_run",
            "elapsed_s"
        }) {
            b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(r.get(k));
        }
        return b.toString();
    }
}
