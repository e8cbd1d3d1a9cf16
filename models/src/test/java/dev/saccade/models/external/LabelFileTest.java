package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFileTest {

    @Test
    void plainNamesOnePerLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("coco.txt"), "person\nbicycle\n\ntraffic light\n");

        assertThat(LabelFile.read(file)).containsExactly("person", "bicycle", "traffic light");
    }

    @Test
    void indexedNamesKeepCommasInTheNameAndLoseStrayQuotes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("labels.txt"),
                "1,goldfish, Carassius auratus\n0,tench, Tinca tinca\n2,toilet tissue, bathroom tissue\"\n");

        assertThat(LabelFile.read(file))
                .containsExactly("tench, Tinca tinca", "goldfish, Carassius auratus", "toilet tissue, bathroom tissue");
    }

    @Test
    void indicesWithGapsOrRepeatsAreErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("labels.txt"), "0,a\n0,b\n");

        assertThatThrownBy(() -> LabelFile.read(file)).hasMessageContaining("bad line '0,b'");
    }
}
