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
import dev.saccade.models.cascade.SkipConvGlance;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.engine.OneDnnGuard;
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

/** {@code ./saccade bench glance}: the glance stage with the engine's dense f_G against skip-convolutions, per clip. */
@Command(
        name = "glance",
        mixinStandardHelpOptions = true,
        description = "Runs the glance stage (f_G, heads, exit 0, policy) on consecutive clips of synthetic streams, "
                + "once with the engine's dense f_G and once with f_G's encoder as skip-convolutions (as the pipeline's "
                + "glance operator does), one thread, same clips, and writes ms per clip, speedup, MAC ratio, open "
                + "fraction and exit-0 top-1 agreement as JSON.")
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

    @Option(names = "--out", defaultValue = "glance.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

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
                try (SkipConvGlance skip = new SkipConvGlance(
                        bundle.nets(), threshold, SkipConvSettings.defaults().withEpsilon(eps), streams)) {
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
                        "bench glance: pass %d/%d: dense %.2f ms/clip, skip %.2f ms/clip%n",
                        r + 1, repeats, bestDense, bestSkip);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("bundle_version", bundle.manifest().version());
            report.put("streams", streams);
            report.put("clips_per_stream", clips);
            report.put("clip_length", t);
            report.put("epsilon", eps);
            report.put("dense_ms_per_clip", bestDense);
            report.put("skip_ms_per_clip", bestSkip);
            report.put("speedup", bestDense / bestSkip);
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
