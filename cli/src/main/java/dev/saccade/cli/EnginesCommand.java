package dev.saccade.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.engine.CpuFacts;
import dev.saccade.models.engine.OneDnnGuard;
import dev.saccade.models.engine.OpAudit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./saccade engines}: loads every native library the job uses and prints what this JVM sees (engine versions,
 * GPUs, the CPU and oneDNN's ISA cap), then the model bundle's self-check; {@code --audit} adds every engine op against
 * its float64 reference. The image build runs it so that natives are extracted before any pod runs.
 */
@Command(
        name = "engines",
        mixinStandardHelpOptions = true,
        description =
                "Loads PyTorch, ONNX Runtime and OpenCV as the job does and prints their versions, the GPUs PyTorch "
                        + "sees, the CPU and oneDNN's ISA cap, and the model bundle's self-check (\"self_check\": float32 outputs "
                        + "against the bundle's float64 golden outputs), as JSON. Exit 1 if an engine fails to load or the "
                        + "self-check (or, with --audit, an op) fails.")
public final class EnginesCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Model bundle to self-check (default: the shipped one).")
    Path model;

    @Option(
            names = "--audit",
            description = "Also run every engine op at the networks' shapes against a float64 "
                    + "reference (about 10 s) and print each op outside float32 rounding.")
    boolean audit;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        boolean ok = true;
        OneDnnGuard.Decision guard = OneDnnGuard.ensure();
        Map<String, Object> cpu = new LinkedHashMap<>();
        CpuFacts facts = guard.cpu();
        cpu.put("model", facts.modelName());
        cpu.put("vendor", facts.vendor());
        cpu.put("avx512", facts.avx512());
        cpu.put("cache_topology", facts.cacheSource());
        cpu.put("onednn_max_isa", guard.maxIsaOrDefault());
        cpu.put("onednn_reason", guard.source() + ": " + guard.reason());
        report.put("cpu", cpu);
        for (String name : new String[] {"PyTorch", "OnnxRuntime"}) {
            Map<String, Object> e = new LinkedHashMap<>();
            try {
                Engine engine = Engine.getEngine(name);
                e.put("version", engine.getVersion());
                e.put("gpus", engine.getGpuCount());
                e.put("default_device", engine.defaultDevice().toString());
            } catch (RuntimeException | UnsatisfiedLinkError err) {
                e.put("error", String.valueOf(err.getMessage()));
                ok = false;
            }
            report.put(name, e);
        }
        Map<String, Object> cv = new LinkedHashMap<>();
        try {
            cv.put("library", org.bytedeco.javacpp.Loader.load(org.bytedeco.opencv.global.opencv_core.class));
        } catch (RuntimeException | UnsatisfiedLinkError err) {
            cv.put("error", String.valueOf(err.getMessage()));
            ok = false;
        }
        report.put("OpenCV", cv);
        Path dir = model != null ? model : ModelPaths.defaultBundle();
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("bundle", dir.toString());
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            putReport(self, bundle.selfCheck());
            ok &= bundle.selfCheck() != null && bundle.selfCheck().ok();
        } catch (BundleSelfCheck.SelfCheckFailed e) {
            putReport(self, e.report());
            self.put("error", e.getMessage());
            ok = false;
        }
        if (audit) {
            // the networks without the bundle's self-check, so the audit also runs where that check fails
            BundleManifest m = ModelBundle.readManifest(dir);
            try (CascadeNets nets = CascadeNets.load(
                    dir, m.labels().size(), m.clipLength(), m.policy().focusSteps())) {
                List<OpAudit.Finding> findings = OpAudit.run(nets);
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("ok", OpAudit.allOk(findings));
                a.put("cases", findings.size());
                a.put(
                        "worst_ratio_to_bound",
                        findings.stream()
                                .mapToDouble(OpAudit.Finding::worstRatio)
                                .max()
                                .orElse(0));
                a.put(
                        "outside_float32_rounding",
                        findings.stream().filter(f -> !f.ok()).toList());
                report.put("op_audit", a);
                ok &= OpAudit.allOk(findings);
            }
        }
        report.put("self_check", self);
        System.out.println(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        return ok ? 0 : 1;
    }

    private static void putReport(Map<String, Object> self, BundleSelfCheck.Report r) {
        if (r == null) {
            self.put("ok", false);
            self.put(
                    "error",
                    "the bundle has no golden outputs (" + BundleSelfCheck.FILE + "): ./saccade golden --model DIR");
            return;
        }
        self.put("ok", r.ok());
        Map<String, Object> nets = new LinkedHashMap<>();
        for (BundleSelfCheck.NetworkResult n : r.networks()) {
            nets.put(n.network(), Map.of("max_error", n.error(), "tolerance", n.tolerance(), "ok", n.ok()));
        }
        self.put("worst_error", nets);
        self.put("engine", r.engine());
    }
}
