package dev.saccade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.bench.SkipConvBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.skipconv.GemmKernel;
import dev.saccade.models.skipconv.SkipConvSettings;
import dev.saccade.operators.OperatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade bench skipconv}: f_G dense against skip-convolutions on the frames of a video. */
@Command(
        name = "skipconv",
        mixinStandardHelpOptions = true,
        description =
                "Runs the shipped bundle's f_G densely (PyTorch engine, own kernels, ONNX Runtime; the fastest on one "
                        + "thread is the baseline) and with skip-convolutions on the same frames, same process and threads, "
                        + "and writes every dense variant's time, speed, MACs, open fractions, fidelity against the dense maps "
                        + "and state size as JSON.")
public final class SkipConvBenchCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Video file to read frames from.")
    Path input;

    @Option(names = "--frames", defaultValue = "300", description = "Frames to run (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--width", description = "Frame width f_G runs at (default: the glance resolution, 96).")
    Integer width;

    @Option(names = "--height", description = "Frame height f_G runs at (default: the glance resolution, 72).")
    Integer height;

    @Option(
            names = "--epsilon",
            description = "Gate threshold, relative to each layer's mean |input| (default: "
                    + SkipConvSettings.DEFAULT_EPSILON + ").")
    Float epsilon;

    @Option(
            names = "--deep-factor",
            defaultValue = "1",
            description = "The last layer's threshold is epsilon times "
                    + "this, geometric in between (default: ${DEFAULT-VALUE}, one epsilon).")
    float deepFactor;

    @Option(
            names = "--kernel",
            defaultValue = "auto",
            description = "GEMM kernel: java, openblas, or auto (both run, "
                    + "the faster is reported) (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Engine threads; the skip kernels run on one "
                    + "thread, as one operator subtask does (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--repeats",
            defaultValue = "5",
            description = "Timed passes per variant after a warm-up (the best "
                    + "picks the kernel); the speedup is the median of 2 x this many alternating dense/skip passes, which a shared "
                    + "machine's slow spells hit alike (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--reuse-unchanged-frames",
            description = "Reuse the previous output for a frame where, like the one before it, differencing found no "
                    + "changed tile (the pipeline's glance does not; off by default).")
    boolean reuseUnchanged;

    @Option(
            names = "--dense-from",
            defaultValue = "auto",
            description =
                    "Top-level encoder node from which layers run densely on ONNX Runtime every frame (whole frames "
                            + "of a scene moving everywhere always do): a number, auto (every split timed on these frames, the "
                            + "fastest kept) or none (no ONNX Runtime in the skip network) (default: ${DEFAULT-VALUE}).")
    String denseFrom;

    @Option(names = "--model", description = "Bundle directory (default: the shipped bundle, models/bundle).")
    Path model;

    @Option(names = "--out", defaultValue = "skipconv.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    static int parseDenseFrom(String value) {
        return switch (value.toLowerCase()) {
            case "auto" -> SkipConvBench.Config.DENSE_FROM_AUTO;
            case "none" -> SkipConvBench.Config.DENSE_FROM_NONE;
            default -> {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw new IllegalArgumentException("--dense-from: a node index of at least 1, auto or none");
                }
                yield n;
            }
        };
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            System.err.println("bench skipconv: no video at " + input);
            return 2;
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        boolean auto = "auto".equalsIgnoreCase(kernel);
        GemmKernel k = auto ? GemmKernel.JAVA : GemmKernel.valueOf(kernel.toUpperCase());
        SkipConvBench.Config config = new SkipConvBench.Config(
                input,
                frames,
                width != null ? width : GlanceModel.WIDTH,
                height != null ? height : GlanceModel.HEIGHT,
                epsilon != null ? epsilon : SkipConvSettings.DEFAULT_EPSILON,
                deepFactor,
                k,
                auto,
                repeats,
                OperatorOptions.DIFF_TILE_SIZE.defaultValue(),
                OperatorOptions.DIFF_TILE_THRESHOLD.defaultValue(),
                OperatorOptions.DIFF_SCENE_CUT_FRACTION.defaultValue(),
                reuseUnchanged,
                parseDenseFrom(denseFrom));
        Path bundleDir = model != null ? model : ModelPaths.defaultBundle();
        try (ModelBundle bundle = ModelBundle.load(bundleDir)) {
            Map<String, Object> report = new SkipConvBench(config, System.err::println).run(bundle);
            report.put(
                    "command",
                    "./saccade bench skipconv --input " + input + " --frames " + frames + " --width " + config.width()
                            + " --height " + config.height() + " --out " + out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.err.printf(
                    "bench skipconv: speedup %.2f, MAC ratio %.2f, map cosine %.4f, relative change error %.3f, "
                            + "top-1 agreement %.3f, eps-0 error %.1e; report %s%n",
                    report.get("speedup"),
                    report.get("mac_ratio"),
                    report.get("feature_map_cosine_mean"),
                    report.get("rel_change_error_mean"),
                    report.get("top1_agreement"),
                    report.get("max_rel_err_eps0"),
                    out);
        }
        return 0;
    }
}
