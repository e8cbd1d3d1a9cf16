package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.bench.DenseModelBench;
import dev.saccade.bench.FocusBench;
import dev.saccade.bench.JsonReports;
import dev.saccade.bench.SyntheticClips;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade bench dense}: the dense baseline model per clip on each implementation, one thread. */
@Command(
        name = "dense",
        mixinStandardHelpOptions = true,
        description = "Times the dense baseline model (f_L on every frame at 160x120, then the temporal head) per clip "
                + "on synthetic clips: the engine clip by clip and in batches, f_L on ONNX Runtime with one thread "
                + "and with its default threads; names the fastest one-thread variant (dense_baseline), which "
                + "bench pipeline's dense mode runs.")
public final class DenseBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Bundle directory (default: the shipped bundle).")
    Path model;

    @Option(names = "--clips", defaultValue = "32", description = "Clips (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--batch", defaultValue = "8", description = "Clips per engine batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed passes (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--out", defaultValue = "dense.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.between(spec.commandLine(), "--clips", clips, 1, 10_000);
        OptionChecks.between(spec.commandLine(), "--batch", batch, 1, 256);
        OptionChecks.between(spec.commandLine(), "--repeats", repeats, 1, 100);
        ModelPaths.configurePipelineThreads();
        try (ModelBundle bundle = ModelBundle.load(model != null ? model : ModelPaths.defaultBundle());
                NDManager manager = Inference.newManager()) {
            Inference.configureInferenceThread();
            int t = bundle.manifest().clipLength();
            List<ClipData> data = new ArrayList<>();
            for (int s = 0; data.size() < clips; s++) {
                data.addAll(SyntheticClips.consecutive(
                        new SceneGenerator(SceneConfig.defaults().withClipLength(t), 11 + s), t, Math.min(8, clips)));
            }
            data = data.subList(0, clips);
            Map<String, Object> report =
                    new DenseModelBench(bundle, System.err::println).run(manager, data, repeats, batch);
            report.put("bench", "dense");
            report.put("time", Instant.now().toString());
            report.put("bundle_version", bundle.manifest().version());
            report.put("cpu_model", FocusBench.cpuModel());
            JsonReports.write(out, report);
            System.err.println("bench dense: baseline " + report.get("dense_baseline") + ", wrote " + out);
        }
        return 0;
    }
}
