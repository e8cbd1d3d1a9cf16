package dev.saccade.cli;

import dev.saccade.cli.report.GallerySamples;
import dev.saccade.datasets.footage.FootageDataset;
import dev.saccade.datasets.footage.FootageEvaluation;
import dev.saccade.datasets.footage.TeacherSettings;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.DetectorFocus;
import dev.saccade.models.data.Split;
import dev.saccade.models.eval.CascadeEvaluation;
import dev.saccade.models.eval.ClipObserver;
import dev.saccade.models.report.EvalReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Measures a bundle: dense baseline against the adaptive cascade on the same clips. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Synthetic: runs the dense baseline and the adaptive cascade on the same clips and writes a JSON "
                + "report (--out), a PNG plot of accuracy against GMACs per clip as the exit thresholds sweep (same name, "
                + ".png) and a Markdown summary (.md). Footage: the teacher, the adaptive cascade, the teacher on every "
                + "N-th frame (blind_skip) and the teacher where motion fires (motion_gated) on each video's test "
                + "segment, as agreement with the teacher's clip labels and GMACs per clip, in a JSON report and a PNG. Both "
                + "keep a few clips as annotated samples beside the JSON (--samples) for ./saccade report.")
public final class EvalCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            description = "Bundle directory (default: the shipped bundle of the workload, models/bundle for "
                    + "synthetic, models/footage-bundle for footage).")
    Path model;

    @Mixin
    WorkloadMixin workload;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train, validation or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", defaultValue = "report.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Evaluate the quick workload's smaller split.")
    boolean quick;

    @Option(
            names = "--focus-roles",
            defaultValue = "local,detector",
            split = ",",
            paramLabel = "ROLE",
            description = "Footage: the focus stages to measure, local (the trained f_L, row adaptive) and detector "
                    + "(the teacher detector on the policy's patches, row adaptive_detector). Default: "
                    + "${DEFAULT-VALUE}.")
    List<String> focusRoles;

    @Option(
            names = "--samples",
            defaultValue = "2",
            paramLabel = "N",
            description = "Keep up to N clips per deciding stage (correct ones) and per kind of error as annotated "
                    + "JPEGs in a folder beside the JSON (r.json: r.samples/), named in the JSON for ./saccade report's "
                    + "gallery; 0 keeps none (default: ${DEFAULT-VALUE}).")
    int samples;

    @Spec
    CommandSpec spec;

    /** The gallery's sample keeper, or the observer that keeps nothing when --samples is 0. */
    private GallerySamples gallery(ModelBundle bundle) {
        return samples > 0
                ? new GallerySamples(
                        GallerySamples.dirBeside(out), bundle.manifest().labels(), samples)
                : null;
    }

    /** Names the kept samples in the JSON the eval wrote. */
    private void finish(GallerySamples gallery) throws java.io.IOException {
        if (gallery != null) {
            gallery.addTo(out);
            System.err.println("eval: " + gallery.size() + " sample clips in " + GallerySamples.dirBeside(out));
        }
    }

    @Override
    public Integer call() throws Exception {
        workload.validate();
        ModelPaths.configureEngineThreads();
        if (workload.footage()) {
            return footage();
        }
        Path bundleDir = model != null ? model : ModelPaths.defaultBundle();
        String command = "./saccade eval --model " + bundleDir + " --workload synthetic --split " + split + " --out "
                + out + (quick ? " --quick" : "");
        try (ModelBundle bundle = ModelBundle.load(bundleDir)) {
            GallerySamples gallery = gallery(bundle);
            EvalReport r = CascadeEvaluation.run(
                    bundle,
                    SyntheticWorkload.of(
                            bundle.manifest().clipLength(), quick ? WorkloadSize.quick() : WorkloadSize.full()),
                    Split.fromName(split),
                    out,
                    command,
                    System.err::println,
                    gallery == null ? ClipObserver.NONE : gallery);
            finish(gallery);
            System.err.printf(
                    "eval: %d clips; dense acc %.3f at %.3f GMACs/clip; adaptive acc %.3f at %.3f GMACs/clip "
                            + "(%.1fx less); exits %s; report %s%n",
                    r.clips(),
                    r.dense().accuracy(),
                    r.dense().gmacsPerClip(),
                    r.adaptive().accuracy(),
                    r.adaptive().gmacsPerClip(),
                    r.savingFactor(),
                    r.adaptive().exitFraction(),
                    out);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private int footage() throws Exception {
        Path bundleDir = model != null ? model : ModelPaths.footageBundle();
        String command = "./saccade eval --workload footage --input " + workload.inputList() + " --model " + bundleDir
                + " --out " + out;
        for (String role : focusRoles) {
            OptionChecks.oneOf(spec.commandLine(), "--focus-roles", role, "local", "detector");
        }
        try (ModelBundle bundle = ModelBundle.load(bundleDir)) {
            FootageDataset dataset = workload.openFootage(bundle.manifest().clipLength());
            TeacherSettings teacher = workload.teacher(bundle.manifest().clipLength());
            boolean asked = spec.commandLine().getParseResult().hasMatchedOption("--focus-roles");
            DetectorFocus detector = null;
            if (focusRoles.contains("detector")) {
                if (java.nio.file.Files.isRegularFile(teacher.model())) {
                    detector = DetectorFocus.yolox(
                            teacher.model(), teacher.labels(), bundle.manifest().labels());
                } else if (asked) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--focus-roles detector needs the teacher detector at " + teacher.model() + " (--data)");
                } else {
                    System.err.println("eval: no detector at " + teacher.model() + ": the detector focus role is "
                            + "not measured (--data names the folder with models/yolox)");
                }
            }
            Map<String, Object> r;
            GallerySamples gallery = gallery(bundle);
            try {
                r = FootageEvaluation.run(
                        bundle,
                        dataset,
                        detector,
                        out,
                        command,
                        System.err::println,
                        gallery == null ? ClipObserver.NONE : gallery);
                finish(gallery);
            } finally {
                if (detector != null) {
                    detector.close();
                }
            }
            for (String row : List.of("teacher", "adaptive", "adaptive_detector", "blind_skip", "motion_gated")) {
                Map<String, Object> v = (Map<String, Object>) r.get(row);
                if (v == null) {
                    continue;
                }
                System.err.printf(
                        "eval: %-12s agreement %.3f at %.4f GMACs/clip%n",
                        row, v.get("agreement"), v.get("gmacs_per_clip"));
            }
            System.err.println("eval: adaptive exits " + ((Map<String, Object>) r.get("adaptive")).get("exit_fraction")
                    + "; report " + out);
        }
        return 0;
    }
}
