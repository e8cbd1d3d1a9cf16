package dev.saccade.cli;

import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.BundleSelfCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade golden}: writes a bundle's golden outputs (float64) for its self-check, without retraining. */
@Command(
        name = "golden",
        mixinStandardHelpOptions = true,
        description = "Computes a model bundle's networks in float64 on seeded inputs and writes the outputs to the "
                + "bundle's golden.json, which every load checks the float32 networks against. ./saccade train does this "
                + "itself; use this for a bundle made before.")
public final class GoldenCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle (default: the shipped one).")
    Path model;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : ModelPaths.defaultBundle();
        BundleSelfCheck.Golden g = BundleSelfCheck.write(dir);
        System.err.println("golden: wrote " + dir.resolve(BundleSelfCheck.FILE) + " ("
                + g.outputs().keySet() + ")");
        return 0;
    }
}
