package dev.saccade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.bench.FocusBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade bench focus}: patches per second of the focus stage (f_L and exits 1..K) on one device. */
@Command(
        name = "focus",
        mixinStandardHelpOptions = true,
        description =
                "Loads the bundle on the CPU or GPU 0, cuts patches with the glance stage's policy from synthetic "
                        + "clips, then, per batch size, keeps the focus stage's batch full (FocusBatcher, as the focus operator "
                        + "runs it), warms up and measures steady-state patches/s and ms per batch (p50, p99). Writes JSON. Also "
                        + "runs from a plain classpath: java -cp ... dev.saccade.cli.FocusBenchCommand [options].")
public final class FocusBenchCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Bundle directory (default: the shipped bundle, " + "models/bundle).")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (GPU 0) (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--batch-sizes",
            defaultValue = "1,8,16,32,64",
            split = ",",
            description = "Patches per f_L batch to measure, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Timed seconds per batch size, after the warm-up " + "(default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            description = "Warm-up seconds per batch size (at least 5 batches) " + "(default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(
            names = "--clips",
            defaultValue = "48",
            description =
                    "Synthetic test clips to cut patches from, " + "replayed in a loop (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--every-exit",
            description = "Let no exit but the last answer, so every clip runs all K patches "
                    + "(default: the bundle's exit thresholds, as the job runs).")
    boolean everyExit;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: all cores).")
    Integer threads;

    @Option(
            names = "--precision",
            defaultValue = "float32",
            description = "f_L's number format: float32 (the bundle's) or float16 (GPU only; folded batch norms, for "
                    + "GPUs; the report then has the decisions' agreement with float32 on the clips) "
                    + "(default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--python-reference",
            paramLabel = "SCRIPT",
            description = "After the Java measurements, export the network, weights and patches and run this Python "
                    + "eager reference (benchmarks/gpu/focus_reference.py) on the same device with the same batch sizes "
                    + "and seconds; the report gets its figures and java/python per batch size.")
    Path pythonReference;

    @Option(
            names = "--python",
            defaultValue = "python3",
            description = "Python for --python-reference " + "(default: ${DEFAULT-VALUE}).")
    String python;

    @Option(
            names = "--export",
            paramLabel = "DIR",
            description = "Where --python-reference's export goes " + "(default: a temporary directory).")
    Path export;

    @Option(names = "--out", defaultValue = "focus.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    /** Entry point for a plain {@code java -cp} launch, where the {@code ./saccade} launcher is not available. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FocusBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
            System.err.println("bench focus: batch sizes must be positive");
            return 2;
        }
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        ModelPaths.configureEngineThreads();
        FocusBench.Config config = new FocusBench.Config(
                device,
                batchSizes,
                seconds,
                warmup,
                clips,
                everyExit,
                dev.saccade.models.cascade.FocusPrecision.parse(precision),
                pythonReference,
                python,
                export);
        Path bundleDir = model != null ? model : ModelPaths.defaultBundle();
        System.err.println("bench focus: loading " + bundleDir + " on " + device);
        try (ModelBundle bundle = ModelBundle.load(bundleDir, FocusBench.device(device))) {
            Map<String, Object> report = new FocusBench(config, System.err::println).run(bundle);
            if (bundle.selfCheck() != null) {
                // the bundle passed its self-check on this device to get here; these are its errors and budgets
                Map<String, Object> self = new java.util.LinkedHashMap<>();
                for (var n : bundle.selfCheck().networks()) {
                    self.put(n.network(), Map.of("max_error", n.error(), "tolerance", n.tolerance()));
                }
                report.put("self_check", self);
            }
            report.put(
                    "command",
                    "./saccade bench focus --device " + device + " --batch-sizes "
                            + String.join(
                                    ",",
                                    batchSizes.stream().map(String::valueOf).toList()) + " --seconds " + seconds
                            + " --warmup " + warmup + " --clips " + clips + (everyExit ? " --every-exit" : "")
                            + (threads != null ? " --threads " + threads : "")
                            + (!"float32".equals(precision) ? " --precision " + precision : "")
                            + (pythonReference != null ? " --python-reference " + pythonReference : "")
                            + " --out " + out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.err.printf(
                    "bench focus: best %.1f patches/s at batch %s on %s; report %s%n",
                    report.get("best_patches_per_s"), report.get("best_batch_size"), report.get("djl_device"), out);
        }
        return 0;
    }
}
