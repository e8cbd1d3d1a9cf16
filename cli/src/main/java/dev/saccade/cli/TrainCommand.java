package dev.saccade.cli;

import dev.saccade.datasets.footage.FootageDataset;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.models.train.ModelTraining;
import dev.saccade.models.train.TrainSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the cascade's networks and writes a model bundle. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains the glance encoder, policy, focus encoder, exits and the dense baseline on the synthetic "
                + "workload (train/validation splits from disjoint seeds and backgrounds) or on real footage "
                + "labelled by the teacher detector (each video split in time), calibrates the exit thresholds "
                + "on validation, and writes a model bundle (manifest.json + parameters, a count head for "
                + "footage). One progress line per epoch on stderr.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadMixin workload;

    @Option(
            names = "--init",
            description = "Start every network from this bundle (per-camera fine-tuning from the footage bundle, or "
                    + "the synthetic bundle's encoders where its labels differ).")
    Path init;

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
        workload.validate();
        OptionChecks.directoryWith(spec.commandLine(), "--init", init, "manifest.json");
        ModelPaths.configureEngineThreads();
        if (workload.footage()) {
            return footage();
        }
        TrainSettings settings = quick ? TrainSettings.quick(seed) : TrainSettings.full(seed);
        String command = "./saccade train --workload synthetic --out " + out + (quick ? " --quick" : "") + " --seed "
                + seed + (denseFrom != null ? " --dense-from " + denseFrom : "")
                + (init != null ? " --init " + init : "");
        ModelTraining.run(
                settings,
                SyntheticWorkload.of(settings.clipLength(), quick ? WorkloadSize.quick() : WorkloadSize.full()),
                out,
                denseFrom,
                init,
                command,
                line -> System.err.println(line));
        return 0;
    }

    private int footage() throws Exception {
        TrainSettings settings = TrainSettings.footage(seed, quick);
        FootageDataset dataset = workload.openFootage(settings.clipLength());
        String command = "./saccade train --workload footage --input " + workload.inputList() + " --out " + out
                + (quick ? " --quick" : "") + " --seed " + seed + (init != null ? " --init " + init : "")
                + (denseFrom != null ? " --dense-from " + denseFrom : "");
        ModelTraining.run(settings, dataset, out, denseFrom, init, command, System.err::println);
        return 0;
    }
}
