package dev.saccade.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.engine.OneDnnGuard;
import dev.saccade.models.engine.OpAudit;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine on this machine's CPU in one JSON report: the oneDNN guard's decision, the bundle's self-check, the op
 * audit, and the engine's dense glance and dense model in ms per clip (best of 3 passes over 20 synthetic clips, one
 * engine thread). Needs only the engine (no OpenCV, no OpenBLAS), so it also runs from the jars benchmarks/gpu
 * carries to a machine without Java: {@code java -cp 'lib/*' dev.saccade.bench.CpuCheck BUNDLE_DIR OUT.json}.
 */
public final class CpuCheck {
    private CpuCheck() {}

    public static void main(String[] args) throws Exception {
        Path bundleDir = Path.of(args.length > 0 ? args[0] : "models/bundle");
        Path out = Path.of(args.length > 1 ? args[1] : "cpu-check.json");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        OneDnnGuard.Decision guard = OneDnnGuard.ensure();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cpu", guard.cpu().modelName());
        report.put("cpu_caches", guard.cpu().cacheSource());
        report.put("onednn_max_isa", guard.maxIsaOrDefault());
        report.put("onednn_reason", guard.source() + ": " + guard.reason());
        Engine engine = Inference.engine();
        report.put("engine", engine.getEngineName() + " " + engine.getVersion());
        System.setProperty(BundleSelfCheck.MODE, "warn"); // report a failed self-check instead of stopping here
        try (ModelBundle bundle = ModelBundle.load(bundleDir, ai.djl.Device.cpu());
                NDManager m = Inference.newManager(ai.djl.Device.cpu())) {
            BundleSelfCheck.Report check = bundle.selfCheck();
            Map<String, Object> self = new LinkedHashMap<>();
            self.put("ok", check != null && check.ok());
            if (check != null) {
                for (BundleSelfCheck.NetworkResult n : check.networks()) {
                    self.put(n.network(), Map.of("max_error", n.error(), "tolerance", n.tolerance()));
                }
            }
            report.put("self_check", self);
            List<OpAudit.Finding> findings = OpAudit.run(bundle.nets());
            report.put(
                    "op_audit",
                    Map.of(
                            "ok",
                            OpAudit.allOk(findings),
                            "cases",
                            findings.size(),
                            "outside_bound",
                            findings.stream().filter(f -> !f.ok()).count(),
                            "worst_ratio_to_bound",
                            findings.stream()
                                    .mapToDouble(OpAudit.Finding::worstRatio)
                                    .max()
                                    .orElse(0)));
            List<ClipData> clips = SyntheticClips.consecutive(
                    new SceneGenerator(
                            SceneConfig.defaults()
                                    .withClipLength(bundle.manifest().clipLength()),
                            11),
                    bundle.manifest().clipLength(),
                    20);
            GlanceStage glance = new GlanceStage(bundle.nets(), bundle.thresholds()[0]);
            double bestGlance = Double.MAX_VALUE;
            double bestDense = Double.MAX_VALUE;
            for (int pass = 0; pass < 3; pass++) {
                long t0 = System.nanoTime();
                for (ClipData c : clips) {
                    glance.run(m, List.of(c));
                }
                bestGlance = Math.min(bestGlance, (System.nanoTime() - t0) / 1e6 / clips.size());
                t0 = System.nanoTime();
                for (ClipData c : clips) {
                    try {
                        AdaptiveCascade.dense(bundle.nets(), m, List.of(c), new MacLedger());
                    } catch (RuntimeException e) {
                        report.put("dense_model_error", e.getMessage()); // a faulty engine's NaN, timed anyway
                    }
                }
                bestDense = Math.min(bestDense, (System.nanoTime() - t0) / 1e6 / clips.size());
            }
            report.put("dense_glance_ms_per_clip", bestGlance);
            report.put("dense_model_ms_per_clip", bestDense);
        }
        String json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        Files.writeString(out, json);
        System.out.println(json);
    }
}
