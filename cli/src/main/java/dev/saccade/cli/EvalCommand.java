package dev.saccade.cli;

import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.Split;
import dev.saccade.models.eval.CascadeEvaluation;
import dev.saccade.models.report.EvalReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures a bundle: dense baseline against the adaptive cascade on the same clips. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Runs the dense baseline and the adaptive cascade on the same synthetic clips and writes a JSON "
                + "report (--out), a PNG plot of accuracy against GMACs per clip as the exit thresholds sweep (same name, "
                + ".png) and a Markdown summary (.md).")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Bundle directory (default: the shipped bundle, models/bundle).")
    Path model;

    @Option(names = "--workload", defaultValue = "synthetic", description = "Workload (only: synthetic).")
    String workload;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train, validation or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", defaultValue = "report.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Evaluate the quick workload's smaller split.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (!"synthetic".equals(workload)) {
            System.err.println("eval: unknown workload '" + workload + "' (available: synthetic)");
            return 2;
        }
        ModelPaths.configureEngineThreads();
        Path bundleDir = model != null ? model : ModelPaths.defaultBundle();
        String command = "./saccade eval --model " + bundleDir + " --workload synthetic --split " + split + " --out "
                + out + (quick ? " --quick" : "");
        try (ModelBundle bundle = ModelBundle.load(bundleDir)) {
            EvalReport r = CascadeEvaluation.run(
                    bundle,
                    SyntheticWorkload.of(
                            bundle.manifest().clipLength(), quick ? WorkloadSize.quick() : WorkloadSize.full()),
                    Split.fromName(split),
                    out,
                    command,
                    System.err::println);
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
}
