package dev.saccade.cli;

import dev.saccade.deploy.DeploymentConfig;
import dev.saccade.deploy.DeploymentRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade deploy render}: writes docker-compose.yml and k8s/ from deploy/saccade.yaml. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Renders docker-compose.yml, .env and k8s/ from the one deployment configuration, "
                + "deploy/saccade.yaml (which ./saccade cluster also reads).",
        subcommands = {DeployCommand.Render.class})
public final class DeployCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** Renders, or with --check only compares. */
    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description = "Writes the rendered files under --root; with --check, writes nothing and exits 1 if any "
                    + "committed file differs from what the configuration renders.")
    static final class Render implements Callable<Integer> {
        @Option(
                names = "--root",
                paramLabel = "DIR",
                description = "Checkout to read deploy/saccade.yaml from and render into (default: the launcher's).")
        Path root;

        @Option(names = "--check", description = "Compare instead of writing.")
        boolean check;

        @Override
        public Integer call() throws Exception {
            Path dir = root != null ? root : Path.of(System.getProperty("saccade.home", "."));
            Path source = dir.resolve(DeploymentConfig.SOURCE);
            Map<Path, String> files = new DeploymentRenderer(DeploymentConfig.load(source)).render();
            List<Path> stale = new ArrayList<>();
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                boolean same = Files.isRegularFile(target)
                        && Files.readString(target, StandardCharsets.UTF_8).equals(f.getValue());
                if (same) {
                    continue;
                }
                stale.add(f.getKey());
                if (!check) {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
                }
            }
            if (check) {
                System.err.println(
                        stale.isEmpty()
                                ? "deploy: " + files.size() + " files match " + source
                                : "deploy: out of date with " + source + ": " + stale
                                        + " (run ./saccade deploy render)");
                return stale.isEmpty() ? 0 : 1;
            }
            System.err.println("deploy: rendered " + files.size() + " files from " + source + ", " + stale.size()
                    + " changed: " + stale);
            return 0;
        }
    }
}
