package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.job.JobOptions;
import dev.saccade.operators.OperatorOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Every option a user can set is documented in the README's configuration table, and the docs hold no merge leftovers. */
class ReadmeOptionsTest {

    @Test
    void readmeDocumentsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> keys = new ArrayList<>();
        for (Class<?> options : List.of(JobOptions.class, OperatorOptions.class, LocalClusterOptions.class)) {
            for (Field f : options.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                    keys.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        assertThat(keys).hasSizeGreaterThan(20);
        for (String key : keys) {
            assertThat(readme).as("README documents %s", key).contains("| `" + key + "` |");
        }
    }

    @Test
    void docsHoldNoMergeConflictMarkers() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("..", "README.md")));
        try (var walk = Files.walk(Path.of("..", "docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        for (Path doc : docs) {
            for (String line : Files.readAllLines(doc)) {
                assertThat(line)
                        .as("a merge conflict marker in %s", doc)
                        .doesNotStartWith("<<<<<<< ")
                        .doesNotStartWith(">>>>>>> ")
                        .isNotEqualTo("=======");
            }
        }
    }
}
