package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.bench.SyntheticClips;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cascade.NonFiniteOutput;
import dev.saccade.models.cascade.OrtGlance;
import dev.saccade.models.cascade.SkipConvGlance;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.engine.OneDnnGuard;
import dev.saccade.models.onnx.OrtEncoder;
import dev.saccade.models.skipconv.SkipConvSettings;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade bench glance}: the glance stage with dense f_G (engine, ONNX Runtime) against skip-convolutions. */
@Command(
        name = "glance",
        mixinStandardHelpOptions = true,
        description = "Runs the glance stage (f_G, heads, exit 0, policy) on consecutive clips of synthetic streams, "
                + "densely (the whole glance on the engine; f_G on ONNX Runtime with the heads on the engine, one thread "
                + "and its default threads) and with f_G's encoder as skip-convolutions (as the pipeline's glance "
                + "operator does), same clips, and writes ms per clip of each dense variant, the speedup against the "
                + "fastest one-thread variant, MAC ratio, open fraction and exit-0 top-1 agreement as JSON.")
public final class GlanceBenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Bundle directory (default: the shipped bundle).")
    Path model;

    @Option(names = "--streams", defaultValue = "4", description = "Synthetic streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--clips",
            defaultValue = "40",
            description = "Consecutive clips per stream (default: " + "${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--epsilon",
            description =
                    "Skip-convolution threshold (default: the pipeline's, " + SkipConvSettings.DEFAULT_EPSILON + ").")
    Float epsilon;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Timed passes over all clips; the fastest counts "
                    + "(the first also warms up) (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--seed",
            defaultValue = "11",
            description = "Seed of the first stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--skip-onnxruntime-dense",
            defaultValue = "true",
            fallbackValue = "true",
            arity = "0..1",
            description = "The skip glance runs frames that move everywhere on ONNX Runtime (default: "
                    + "${DEFAULT-VALUE}).")
    boolean onnxRuntimeDense;

    @Option(names = "--out", defaultValue = "glance.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One pass over every clip of every stream, clip by clip; ms per clip. */
    private static double msPerClip(OrtGlance glance, NDManager manager, List<List<ClipData>> perStream, int clips) {
        long start = System.nanoTime();
        for (int c = 0; c < clips; c++) {
            for (List<ClipData> stream : perStream) {
                glance.run(manager, stream.get(c));
            }
        }
        return (System.nanoTime() - start) / 1e6 / (clips * perStream.size());
    }

    @Override
    public Integer call() throws Exception {
        ModelPaths.configurePipelineThreads();
        float eps = epsilon != null ? epsilon : SkipConvSettings.DEFAULT_EPSILON;
        try (ModelBundle bundle = ModelBundle.load(model != null ? model : ModelPaths.defaultBundle());
                NDManager manager = Inference.newManager()) {
            int t = bundle.manifest().clipLength();
            List<List<ClipData>> perStream = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                perStream.add(SyntheticClips.consecutive(
                        new SceneGenerator(SceneConfig.defaults().withClipLength(t), seed + s), t, clips));
            }
            System.err.printf("bench glance: %d streams x %d clips rendered%n", streams, clips);
            double threshold = bundle.thresholds()[0];
            GlanceStage dense = new GlanceStage(bundle.nets(), threshold);
            OrtGlance ortOne = new OrtGlance(bundle.nets(), threshold, OrtEncoder.Threads.ONE);
            OrtGlance ortDefault = new OrtGlance(bundle.nets(), threshold, OrtEncoder.Threads.DEFAULT);
            double bestOrtOne = Double.MAX_VALUE;
            double bestOrtDefault = Double.MAX_VALUE;
            double bestDense = Double.MAX_VALUE;
            double bestSkip = Double.MAX_VALUE;
            double bestDenseModel = Double.MAX_VALUE;
            long denseModelNonFinite = 0;
            Map<String, Object> skipStats = new LinkedHashMap<>();
            long agree = 0;
            long total = 0;
            for (int r = 0; r < repeats; r++) {
                List<Integer> denseLabels = new ArrayList<>();
                long start = System.nanoTime();
                for (int c = 0; c < clips; c++) {
                    for (List<ClipData> stream : perStream) {
                        denseLabels.add(dense.run(manager, List.of(stream.get(c)))
                                .get(0)
                                .label());
                    }
                }
                bestDense = Math.min(bestDense, (System.nanoTime() - start) / 1e6 / (clips * streams));
                bestOrtOne = Math.min(bestOrtOne, msPerClip(ortOne, manager, perStream, clips));
                bestOrtDefault = Math.min(bestOrtDefault, msPerClip(ortDefault, manager, perStream, clips));
                // the dense baseline model (f_L on every full frame), one clip at a time as DenseFunction runs it
                int denseModelClips = Math.min(clips, 10);
                start = System.nanoTime();
                for (int c = 0; c < denseModelClips; c++) {
                    for (List<ClipData> stream : perStream) {
                        try {
                            AdaptiveCascade.dense(bundle.nets(), manager, List.of(stream.get(c)), new MacLedger());
                        } catch (NonFiniteOutput e) {
                            denseModelNonFinite++; // only with a faulty engine (timed with -Dsaccade.self-check=warn)
                        }
                    }
                }
                bestDenseModel =
                        Math.min(bestDenseModel, (System.nanoTime() - start) / 1e6 / (denseModelClips * streams));
                SkipConvSettings settings = SkipConvSettings.defaults().withEpsilon(eps);
                if (onnxRuntimeDense) {
                    settings = settings.withOnnxRuntimeDense(SkipConvSettings.NO_DENSE_TAIL);
                }
                try (SkipConvGlance skip = new SkipConvGlance(bundle.nets(), threshold, settings, streams)) {
                    agree = 0;
                    total = 0;
                    start = System.nanoTime();
                    int i = 0;
                    for (int c = 0; c < clips; c++) {
                        for (int s = 0; s < streams; s++) {
                            int label = skip.run(
                                            manager,
                                            "stream-" + s,
                                            perStream.get(s).get(c))
                                    .label();
                            agree += label == denseLabels.get(i++) ? 1 : 0;
                            total++;
                        }
                    }
                    bestSkip = Math.min(bestSkip, (System.nanoTime() - start) / 1e6 / (clips * streams));
                    skipStats.put("mac_ratio", skip.macRatio());
                    skipStats.put("open_fraction", skip.openFraction());
                    skipStats.put("state_bytes_per_stream", skip.stateBytesPerStream());
                }
                System.err.printf(
                        "bench glance: pass %d/%d: dense on the engine %.2f, f_G on ONNX Runtime (1 thread) %.2f, "
                                + "(default threads) %.2f, skip %.2f ms/clip%n",
                        r + 1, repeats, bestDense, bestOrtOne, bestOrtDefault, bestSkip);
            }
            ortOne.close();
            ortDefault.close();
            Map<String, Double> variants = new LinkedHashMap<>();
            variants.put("pytorch_engine", bestDense);
            variants.put("onnxruntime_1_thread", bestOrtOne);
            variants.put("onnxruntime_default_threads", bestOrtDefault);
            // the skip glance runs on one thread: the baseline is the fastest dense glance on one thread too
            String baseline = bestOrtOne < bestDense ? "onnxruntime_1_thread" : "pytorch_engine";
            double baselineMs = variants.get(baseline);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("bundle_version", bundle.manifest().version());
            report.put("streams", streams);
            report.put("clips_per_stream", clips);
            report.put("clip_length", t);
            report.put("epsilon", eps);
            report.put("dense_ms_per_clip", baselineMs);
            report.put("skip_ms_per_clip", bestSkip);
            report.put("speedup", baselineMs / bestSkip);
            report.put("dense_baseline", baseline);
            report.put(
                    "dense_baseline_rule",
                    "the fastest dense glance on one thread, as the skip glance runs; onnxruntime_default_threads "
                            + "(ONNX Runtime's own thread pool) is reported, not the baseline");
            report.put("dense_variants", variants);
            report.put("dense_variants_unit", "ms per clip, fastest of " + repeats + " passes");
            report.put("speedup_vs_onnxruntime_default_threads", bestOrtDefault / bestSkip);
            report.put("skip_onnxruntime_dense", onnxRuntimeDense);
            report.put("dense_model_ms_per_clip", bestDenseModel);
            report.put("dense_model_non_finite_clips", denseModelNonFinite);
            report.putAll(skipStats);
            report.put("top1_agreement", (double) agree / Math.max(1, total));
            report.put("threads", 1);
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("cpu", OneDnnGuard.ensure().cpu().modelName());
            report.put("onednn_max_isa", OneDnnGuard.ensure().maxIsaOrDefault());
            report.put(
                    "self_check_ok",
                    bundle.selfCheck() != null && bundle.selfCheck().ok());
            report.put("created", Instant.now().toString());
            report.put(
                    "command",
                    "./saccade bench glance --streams " + streams + " --clips " + clips + " --epsilon " + eps
                            + " --repeats " + repeats + " --seed " + seed + " --out " + out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.err.println("bench glance: " + report);
            return 0;
        }
    }
}
