package dev.saccade.operators.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the shared real videos through {@link VideoFileReader} and checks counts, sizes, gaps and pixel content. */
class VideoFileReaderTest {

    private static List<BgrFrame> readAll(VideoFileReader reader) {
        List<BgrFrame> frames = new ArrayList<>();
        for (BgrFrame f = reader.next(); f != null; f = reader.next()) {
            frames.add(f);
        }
        return frames;
    }

    private static double mean(byte[] pixels) {
        long sum = 0;
        for (byte b : pixels) {
            sum += b & 0xff;
        }
        return (double) sum / pixels.length;
    }

    private static double meanAbsDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    @Test
    void vtestHasAll795FramesAtNativeSize() throws IOException {
        Path video = MediaTestData.require("video/opencv_vtest.avi");
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            assertThat(reader.nativeWidth()).isEqualTo(768);
            assertThat(reader.nativeHeight()).isEqualTo(576);
            assertThat(reader.frameRate()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));

            List<BgrFrame> frames = readAll(reader);

            assertThat(frames).hasSize(795);
            assertThat(reader.framesRead()).isEqualTo(795);
            assertThat(reader.undecodableFrames()).isZero();
            assertThat(reader.next()).as("stays at end of stream").isNull();
            for (int i = 0; i < frames.size(); i++) {
                BgrFrame f = frames.get(i);
                assertThat(f.index()).isEqualTo(i);
                assertThat(f.width()).isEqualTo(768);
                assertThat(f.height()).isEqualTo(576);
                assertThat(f.timestampMicros()).isEqualTo(i * 100_000L);
            }
            // Real footage: mid-grey campus scene, and pedestrians make consecutive frames differ a little.
            assertThat(mean(frames.get(0).bgr())).isBetween(40.0, 200.0);
            assertThat(meanAbsDiff(frames.get(0).bgr(), frames.get(50).bgr())).isBetween(0.5, 40.0);
        }
    }

    @Test
    void vtestResizedTo320x240MatchesImageCodecResize() throws IOException {
        Path video = MediaTestData.require("video/opencv_vtest.avi");
        byte[] nativeFirst;
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            nativeFirst = reader.next().bgr();
        }
        try (VideoFileReader reader = new VideoFileReader(video.toString(), 320, 240)) {
            assertThat(reader.nativeWidth()).isEqualTo(768);

            List<BgrFrame> frames = readAll(reader);

            assertThat(frames).hasSize(795);
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.width()).isEqualTo(320);
                assertThat(f.height()).isEqualTo(240);
                assertThat(f.bgr()).hasSize(320 * 240 * 3);
            });
            assertThat(frames.get(0).bgr()).isEqualTo(ImageCodec.resizeBgr(nativeFirst, 768, 576, 320, 240));
        }
    }

    @Test
    void treeAviSkipsAndCountsTheFramesJavaCvCannotDeliver() throws IOException {
        // 444 AVI chunks, 376 of them zero-length "repeat previous frame" markers that FFmpeg drops; JavaCV neither
        // throws nor returns null for them, so they only show up as gaps in the frame timestamps.
        Path video = MediaTestData.require("video/opencv_tree.avi");
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            assertThat(reader.nativeWidth()).isEqualTo(320);
            assertThat(reader.nativeHeight()).isEqualTo(240);

            List<BgrFrame> frames = readAll(reader);

            assertThat(frames).isNotEmpty();
            assertThat(reader.undecodableFrames()).isPositive();
            assertThat(frames).hasSize(68);
            assertThat(reader.undecodableFrames()).isEqualTo(376);
            assertThat(frames.get(frames.size() - 1).index()).isEqualTo(443);
            assertThat(frames).extracting(BgrFrame::index).isSorted().doesNotHaveDuplicates();
            assertThat(frames.get(1).index())
                    .as("the second decodable frame comes after a gap")
                    .isEqualTo(11);
            assertThat(mean(frames.get(frames.size() - 1).bgr())).isBetween(20.0, 230.0);
        }
    }

    @Test
    void tiny48HasPaddedRowsHandled() throws IOException {
        // 48 px BGR rows are padded to 192 bytes by JavaCV (and Frame.imageChannels then claims 4 channels).
        Path video = MediaTestData.require("video/bgs_tiny48.avi");
        List<BgrFrame> nativeFrames;
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            nativeFrames = readAll(reader);
            assertThat(reader.undecodableFrames()).isZero();
        }
        assertThat(nativeFrames).hasSize(51).allSatisfy(f -> {
            assertThat(f.width()).isEqualTo(48);
            assertThat(f.height()).isEqualTo(48);
        });
        assertThat(nativeFrames)
                .extracting(BgrFrame::index)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 51).boxed().toList());

        // The resize path reads the padded native buffer through an OpenCV Mat with a row step, the native path
        // copies rows in Java: they only agree when both honour the padding.
        try (VideoFileReader reader = new VideoFileReader(video.toString(), 24, 24)) {
            List<BgrFrame> small = readAll(reader);
            assertThat(small).hasSize(51);
            for (int i = 0; i < small.size(); i += 10) {
                assertThat(small.get(i).bgr())
                        .isEqualTo(ImageCodec.resizeBgr(nativeFrames.get(i).bgr(), 48, 48, 24, 24));
            }
        }
    }

    @Test
    void restartReplaysFromTheFirstFrame() throws IOException {
        Path video = MediaTestData.require("video/bgs_tiny48.avi");
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            BgrFrame first = reader.next();
            for (int i = 0; i < 9; i++) {
                reader.next();
            }

            reader.restart();
            BgrFrame replayed = reader.next();

            assertThat(replayed.index()).isZero();
            assertThat(replayed.timestampMicros()).isEqualTo(first.timestampMicros());
            assertThat(replayed.bgr()).isEqualTo(first.bgr());
            assertThat(reader.framesRead()).isEqualTo(11);
            assertThat(readAll(reader)).hasSize(50);
        }
    }

    @Test
    void truncatedFileEndsEarlyWithoutThrowing(@TempDir Path tmp) throws IOException {
        byte[] whole = Files.readAllBytes(MediaTestData.require("video/opencv_vtest.avi"));
        Path truncated = tmp.resolve("half.avi");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        try (VideoFileReader reader = new VideoFileReader(truncated.toString(), 160, 120)) {
            List<BgrFrame> frames = readAll(reader);
            assertThat(frames.size()).isBetween(100, 795);
            assertThat(frames.get(frames.size() - 1).bgr()).hasSize(160 * 120 * 3);
        }
    }

    @Test
    void unreadableSourcesFailToOpenWithIoException(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> new VideoFileReader(tmp.resolve("missing.avi").toString()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.avi");

        Path garbage = tmp.resolve("garbage.avi");
        byte[] noise = new byte[64 * 1024];
        new Random(3).nextBytes(noise);
        Files.write(garbage, noise);
        assertThatThrownBy(() -> new VideoFileReader(garbage.toString())).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsHalfSpecifiedOutputSizeAndUseAfterClose() throws IOException {
        Path video = MediaTestData.require("video/bgs_tiny48.avi");
        assertThatThrownBy(() -> new VideoFileReader(video.toString(), 320, 0))
                .isInstanceOf(IllegalArgumentException.class);

        VideoFileReader reader = new VideoFileReader(video.toString());
        reader.close();
        reader.close();
        assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
    }
}
