package dev.saccade.cli;

import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.train.ModelTraining;
import dev.saccade.models.train.TrainSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the cascade's networks and writes a model bundle. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Trains the glance encoder, policy, focus encoder, exits and the dense baseline on the synthetic "
                        + "workload (train/validation splits from disjoint seeds and backgrounds), calibrates the exit thresholds on "
                        + "validation, and writes a model bundle (manifest.json + parameters). One progress line per epoch on stderr.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--workload", defaultValue = "synthetic", description = "Training workload (only: synthetic).")
    String workload;

    @Option(names = "--out", required = true, description = "Directory to write the bundle to.")
    Path out;

    @Option(names = "--quick", description = "A few minutes instead of about an hour: fewer clips and epochs.")
    boolean quick;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dense-from",
            description = "Reuse the dense baseline of this bundle instead of training it "
                    + "(iterating on the cascade against a fixed baseline; its parameter file is copied into --out).")
    Path denseFrom;

    @Override
    public Integer call() throws Exception {
        if (!"synthetic".equals(workload)) {
            System.err.println("train: unknown workload '" + workload + "' (available: synthetic)");
            return 2;
        }
        ModelPaths.configureEngineThreads();
        TrainSettings settings = quick ? TrainSettings.quick(seed) : TrainSettings.full(seed);
        String command = "./saccade train --workload synthetic --out " + out + (quick ? " --quick" : "") + " --seed "
                + seed + (denseFrom != null ? " --dense-from " + denseFrom : "");
        ModelTraining.run(
                settings,
                SyntheticWorkload.of(settings.clipLength(), quick ? WorkloadSize.quick() : WorkloadSize.full()),
                out,
                denseFrom,
                command,
                line -> System.err.println(line));
        return 0;
    }
}
