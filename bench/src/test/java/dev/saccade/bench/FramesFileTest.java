package dev.saccade.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames files round-trip their frames and refuse what is not one. */
class FramesFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsFramesAndSize() throws IOException {
        byte[] a = new byte[4 * 3 * 3];
        byte[] b = new byte[4 * 3 * 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
            b[i] = (byte) (255 - i);
        }
        Path file = dir.resolve("clip.bgr.gz");
        FramesFile.write(file, 4, 3, List.of(a, b));
        FramesFile.Frames read = FramesFile.read(file);
        assertThat(FramesFile.isFramesFile(file)).isTrue();
        assertThat(read.width()).isEqualTo(4);
        assertThat(read.height()).isEqualTo(3);
        assertThat(read.bgr()).hasSize(2);
        assertThat(read.bgr().get(0)).containsExactly(a);
        assertThat(read.bgr().get(1)).containsExactly(b);
    }

    @Test
    void refusesAFrameOfTheWrongSize() {
        assertThatThrownBy(() -> FramesFile.write(dir.resolve("x.bgr.gz"), 4, 3, List.of(new byte[5])))
                .hasMessageContaining("not 4x3 BGR24");
    }

    @Test
    void refusesAFileThatIsNotOne() throws IOException {
        Path file = dir.resolve("video.bgr.gz");
        Files.writeString(file, "not gzip");
        assertThatThrownBy(() -> FramesFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a frames file");
    }
}
