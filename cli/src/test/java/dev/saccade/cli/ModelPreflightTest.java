package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.models.bundle.BundleSelfCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bundle that misses its golden outputs stops the job before anything starts, with the self-check's message. */
class ModelPreflightTest {
    @Test
    void theJobRefusesToStartWithABundleThatFailsItsSelfCheck(@TempDir Path dir) throws Exception {
        Path shipped = Path.of("..", "models", "bundle");
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode golden =
                (ObjectNode) json.readTree(dir.resolve(BundleSelfCheck.FILE).toFile());
        ArrayNode dense = (ArrayNode) golden.get("outputs").get("dense");
        dense.set(0, dense.get(0).asDouble() + 0.05);
        json.writeValue(dir.resolve(BundleSelfCheck.FILE).toFile(), golden);

        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        long start = System.nanoTime();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // nothing listens on port 9: had the job started, it would wait for the broker instead of returning
            rc = new CommandLine(new SaccadeCli())
                    .execute("job", "--bootstrap", "127.0.0.1:9", "--mode", "dense", "--model", dir.toString());
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(rc).isEqualTo(1);
        assertThat(printed)
                .contains("model self-check failed", "network dense differs from its float64 golden outputs", "PyTorch")
                .doesNotContain("job: ");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(60);
    }
}
