package dev.saccade.cli;

import dev.saccade.datasets.footage.FootageDataset;
import dev.saccade.datasets.footage.FootagePaths;
import dev.saccade.datasets.footage.TeacherSettings;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.train.ModelTraining;
import dev.saccade.models.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    @Option(
            names = "--workload",
            defaultValue = "synthetic",
            description = "synthetic (the scene generator) or footage (real videos labelled by the teacher detector; "
                    + "needs --input). Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(
            names = "--input",
            split = ",",
            description = "Videos for --workload footage, comma-separated; each is split in time: train the first "
                    + "60%, validation, test the last 20%.")
    List<Path> inputs;

    @Option(
            names = "--init",
            description = "Start every network from this bundle (per-camera fine-tuning from the footage bundle, or "
                    + "the synthetic bundle's encoders where its labels differ).")
    Path init;

    @Option(
            names = "--data",
            description = "Folder with models/yolox for the teacher (default: SACCADE_DATA, else ../shared/data).")
    Path data;

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
        if (!"synthetic".equals(workload) && !"footage".equals(workload)) {
            System.err.println("saccade train: --workload '" + workload + "' is unknown (synthetic, footage)");
            return 2;
        }
        if ("footage".equals(workload) != (inputs != null && !inputs.isEmpty())) {
            System.err.println("saccade train: --input is needed with --workload footage and only there");
            return 2;
        }
        if (init != null && !Files.isRegularFile(init.resolve("manifest.json"))) {
            System.err.println("saccade train: --init " + init + " is not a bundle (no manifest.json)");
            return 2;
        }
        ModelPaths.configureEngineThreads();
        if ("footage".equals(workload)) {
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
        for (Path v : inputs) {
            if (!Files.isRegularFile(v)) {
                System.err.println("saccade train: --input " + v + " is not a file");
                return 2;
            }
        }
        TrainSettings settings = TrainSettings.footage(seed, quick);
        TeacherSettings teacher =
                TeacherSettings.yoloxNano(data != null ? data : FootagePaths.dataDir(), settings.clipLength());
        FootageDataset dataset = FootageDataset.open(inputs, teacher, FootagePaths.teacherCache(), System.err::println);
        String command = "./saccade train --workload footage --input "
                + String.join(",", inputs.stream().map(Path::toString).toList()) + " --out " + out
                + (quick ? " --quick" : "") + " --seed " + seed + (init != null ? " --init " + init : "")
                + (denseFrom != null ? " --dense-from " + denseFrom : "");
        ModelTraining.run(settings, dataset, out, denseFrom, init, command, System.err::println);
        return 0;
    }
}
