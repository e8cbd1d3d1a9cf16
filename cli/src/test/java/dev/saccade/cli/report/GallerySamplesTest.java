package dev.saccade.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.models.data.PatchBox;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample clips are drawn as contact sheets with their overlays and named in the eval JSON. */
class GallerySamplesTest {
    @TempDir
    Path dir;

    /** 4 frames of 320x240 grey; a white square moves in from frame 2 on (so tiles change there, not before). */
    static ClipData clip(int index, int label) {
        int w = 320;
        int h = 240;
        byte[][] frames = new byte[5][];
        for (int f = 0; f < 5; f++) {
            byte[] bgr = new byte[w * h * 3];
            java.util.Arrays.fill(bgr, (byte) 90);
            if (f >= 3) {
                for (int y = 160; y < 200; y++) {
                    for (int x = 40 * f; x < 40 * f + 40; x++) {
                        int i = (y * w + x) * 3;
                        bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) 250;
                    }
                }
            }
            frames[f] = bgr;
        }
        return new ClipData(new ClipRef(7, index, label), w, h, frames, new ObjectBox[4], new boolean[4]);
    }

    static AdaptiveCascade.Decision decision(int label, String stage, List<Policy.Focus> looked) {
        return new AdaptiveCascade.Decision(
                label, 0.75f, new float[] {0.25f, 0.75f}, stage, looked, 61_000_000L, null, List.of());
    }

    @Test
    void keptClipsAreDrawnFrameByFrameAndNamedInTheJson() throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, "{\"dense\": {\"accuracy\": 0.9, \"gmacs_per_clip\": 1.4}}");
        GallerySamples g = new GallerySamples(GallerySamples.dirBeside(json), List.of("still", "moving"), 1);
        List<Policy.Focus> looked = List.of(new Policy.Focus(2, new PatchBox(96, 128, 96, 1), 1f));
        g.decided("adaptive", clip(1, 1), decision(0, "focus-1", looked));
        g.decided("adaptive", clip(2, 1), decision(0, "focus-2", looked)); // same kind: wrong at a focus exit
        g.decided("adaptive", clip(3, 1), decision(1, "glance", List.of()));
        g.addTo(json);

        assertThat(g.size()).isEqualTo(2);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("dense").path("accuracy").asDouble())
                .as("the eval's own figures stay")
                .isEqualTo(0.9);
        JsonNode clips = root.path("samples").path("clips");
        assertThat(root.path("samples").path("dir").asText()).isEqualTo("r.samples");
        assertThat(clips).hasSize(2);
        JsonNode wrong = clips.get(0);
        assertThat(wrong.path("kind").asText()).isEqualTo("wrong at a focus exit");
        assertThat(wrong.path("clip").asText()).isEqualTo("clip 1 (seed 7)");
        assertThat(wrong.path("truth").asText()).isEqualTo("moving");
        assertThat(wrong.path("label").asText()).isEqualTo("still");
        assertThat(wrong.path("gmacs").asDouble()).isEqualTo(0.061);
        assertThat(wrong.path("patches").asInt()).isEqualTo(1);
        assertThat(wrong.path("changed_tiles").asInt())
                .as("the square's tiles changed")
                .isPositive();
        assertThat(clips.get(1).path("kind").asText()).isEqualTo("correct at glance");

        BufferedImage sheet =
                ImageIO.read(dir.resolve(wrong.path("file").asText()).toFile());
        // 4 frames of 320 px drawn at twice their size, 4 to a row, scaled to at most 1600 px
        assertThat(sheet.getWidth()).isBetween(1500, 1600);
        int cell = sheet.getWidth() / 4;
        double s = (cell - 4) / 640.0;
        // frame 1 (index 0) has no change and no patch: its grey is untouched well above the banner
        assertThat(grey(sheet, (int) (300 * s), (int) (100 * s))).isBetween(80, 100);
        // frame 3 (index 2) holds the patch at (96, 128) of side 96: its amber left edge
        int x3 = 2 * cell + (int) Math.round(2 * 96 * s);
        int y3 = (int) Math.round(2 * (128 + 48) * s);
        assertThat(amberNear(sheet, x3, y3))
                .as("amber at the patch's edge in frame 3")
                .isGreaterThan(80);
        assertThat(amberNear(sheet, (int) (2 * 96 * s), y3))
                .as("no patch in frame 1")
                .isLessThan(20);
        // frame 3's changed tiles (the square arrived at x 120..160, y 160..200): tinted violet, bluer than grey
        int tx = 2 * cell + (int) Math.round(2 * 140 * s);
        int ty = (int) Math.round(2 * 180 * s);
        int tint = sheet.getRGB(tx, ty) & 0xffffff;
        assertThat(tint & 0xff).as("blue").isGreaterThan((tint >> 8) & 0xff);
    }

    /** The most red above blue within 3 px: an amber line survives scaling and JPEG that way, grey never does. */
    private static int amberNear(BufferedImage img, int x, int y) {
        int best = Integer.MIN_VALUE;
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                int rgb = img.getRGB(x + dx, y + dy);
                best = Math.max(best, (rgb >> 16 & 0xff) - (rgb & 0xff));
            }
        }
        return best;
    }

    private static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
    }
}
