package dev.saccade.models.train;

import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.ScoredClip;
import dev.saccade.models.cascade.ThresholdCalibration;
import dev.saccade.models.counts.CountHead;
import dev.saccade.models.counts.CountHeadTraining;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.PatchBox;
import dev.saccade.models.data.Split;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.GlanceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code ./saccade train}: trains every stage, calibrates the exit thresholds, and writes a model bundle. */
public final class ModelTraining {
    private ModelTraining() {}

    public static BundleManifest run(
            TrainSettings settings, ClipDataset workload, Path out, String command, Consumer<String> progress)
            throws IOException {
        return run(settings, workload, out, null, command, progress);
    }

    /**
     * As {@link #run(TrainSettings, ClipDataset, Path, String, Consumer)}, reusing the dense baseline of {@code
     * denseFrom} if set.
     */
    public static BundleManifest run(
            TrainSettings settings,
            ClipDataset workload,
            Path out,
            Path denseFrom,
            String command,
            Consumer<String> progress)
            throws IOException {
        return run(settings, workload, out, denseFrom, null, command, progress);
    }

    /**
     * Trains on {@code workload}; {@code init} (a bundle with the same architecture) starts every network from its
     * parameters, the dense baseline from {@code denseFrom}'s.
     */
    public static BundleManifest run(
            TrainSettings settings,
            ClipDataset workload,
            Path out,
            Path denseFrom,
            Path init,
            String command,
            Consumer<String> progress)
            throws IOException {
        long start = System.nanoTime();
        // the commit is taken before training: the bundle comes from the code as it was when the run began
        String commit = GitCommit.describe(Path.of(System.getProperty("saccade.home", ".")));
        CascadeTrainer trainer = new CascadeTrainer(settings, workload, progress);
        List<ClipRef> train = workload.clips(Split.TRAIN);
        List<ClipRef> validation = workload.clips(Split.VALIDATION);
        progress.accept(String.format(
                "train: %d training clips of %s, %d validation clips; %s run",
                train.size(), workload.name(), validation.size(), settings.quick() ? "quick" : "full"));
        try (CascadeNets nets = trainer.train(train, validation, denseFrom, init)) {
            double denseVal = trainer.denseAccuracy(nets, validation);
            List<ScoredClip> scored = trainer.score(nets, validation);
            ThresholdCalibration.Outcome chosen = ThresholdCalibration.calibrate(
                    scored,
                    nets.focusSteps(),
                    nets.glanceMacsPerClip(),
                    nets.focusMacsPerStep(),
                    0.004,
                    settings.calibrationTarget() > 0 ? settings.calibrationTarget() : denseVal - 0.004);
            Map<String, Object> metrics = new LinkedHashMap<>();
            progress.accept(String.format(
                    "calibrated on validation: thresholds %s, adaptive acc %.3f at %.3f GMACs/clip "
                            + "(dense %.3f at %.3f GMACs/clip), exits %s",
                    Arrays.toString(chosen.thresholds()),
                    chosen.accuracy(),
                    chosen.macsPerClip() / 1e9,
                    denseVal,
                    nets.denseMacsPerClip() / 1e9,
                    chosen.exitFractions()));
            nets.save(out);
            if (!workload.countGroups().isEmpty()) {
                CountHead counts = CountHeadTraining.fit(nets, workload, train, validation, progress);
                counts.write(out);
                metrics.put("validation_counts", counts.validation());
            }
            metrics.put("validation_dense_accuracy", denseVal);
            metrics.put("validation_adaptive_accuracy", chosen.accuracy());
            metrics.put("validation_adaptive_gmacs_per_clip", chosen.macsPerClip() / 1e9);
            metrics.put("validation_exit_fraction", chosen.exitFractions());
            if (workload.provenance().get("teacher_macs_per_clip") instanceof Number teacher) {
                metrics.put("teacher_gmacs_per_clip", teacher.doubleValue() / 1e9);
            }
            metrics.put("training_seconds", Math.round((System.nanoTime() - start) / 1e9));
            BundleManifest manifest = manifest(settings, workload, nets, chosen, command, metrics, commit);
            ModelBundle.writeManifest(out, manifest);
            BundleSelfCheck.write(out);
            progress.accept("train: wrote bundle " + manifest.version() + " to " + out + " in "
                    + CascadeTrainer.duration((System.nanoTime() - start) / 1e9));
            return manifest;
        }
    }

    /** The git commit of the checkout that trained, every training setting, and the dataset's sources. */
    static Map<String, Object> provenance(TrainSettings s, ClipDataset workload, String commit) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("git_commit", commit);
        p.put("train_settings", s);
        p.put("data", workload.provenance());
        return p;
    }

    static BundleManifest manifest(
            TrainSettings s,
            ClipDataset workload,
            CascadeNets nets,
            ThresholdCalibration.Outcome chosen,
            String command,
            Map<String, Object> metrics,
            String commit) {
        Map<String, BundleManifest.Role> roles = new LinkedHashMap<>();
        roles.put(
                "glance",
                new BundleManifest.Role(
                        "mobilenetv2-lite f_G + policy heatmap/level heads + exit-0 temporal " + "head",
                        "glance-0000.params",
                        List.of(Encoders.GLANCE_INPUT_CHANNELS, GlanceModel.HEIGHT, GlanceModel.WIDTH),
                        nets.glanceMacsPerClip(),
                        "per clip",
                        null));
        roles.put(
                "local",
                new BundleManifest.Role(
                        "resnet-lite f_L + exits 1..K on running max of [local, global]",
                        "focus-0000.params",
                        List.of(3, FocusModel.PATCH, FocusModel.PATCH),
                        nets.focusMacsPerStep(),
                        "per patch",
                        null));
        roles.put(
                "dense",
                new BundleManifest.Role(
                        "resnet-lite f_L on every full frame (colour + difference) + temporal head (baseline)",
                        "dense-0000.params",
                        List.of(Encoders.GLANCE_INPUT_CHANNELS, DenseModel.HEIGHT, DenseModel.WIDTH),
                        nets.denseMacsPerClip(),
                        "per clip",
                        null));
        String version = workload.name() + "-" + (s.quick() ? "quick-" : "") + "s" + s.seed() + "-"
                + Instant.now().toString().substring(0, 10);
        return new BundleManifest(
                BundleManifest.FORMAT,
                version,
                Instant.now().toString(),
                command,
                s.seed(),
                workload.labels(),
                s.clipLength(),
                workload.width(),
                workload.height(),
                new BundleManifest.Normalisation(
                        "BGR", 1 / 255.0, -0.5, GlanceModel.DIFFERENCE_CHANNEL, GlanceModel.DIFFERENCE_FLOOR_LEVELS),
                roles,
                new BundleManifest.PolicySpec(
                        List.of(GlanceModel.GRID_COLS, GlanceModel.GRID_ROWS),
                        Arrays.stream(PatchBox.LEVEL_SIZES).boxed().toList(),
                        s.focusSteps(),
                        FocusModel.PATCH),
                Arrays.stream(chosen.thresholds()).boxed().toList(),
                metrics,
                provenance(s, workload, commit));
    }
}
