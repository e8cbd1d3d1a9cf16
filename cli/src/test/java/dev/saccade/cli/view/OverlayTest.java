package dev.saccade.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.TileMask;
import dev.saccade.schemas.VideoFrame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayTest {

    @Test
    void patchesDetectionsAndBannerAreDrawnWhereTheEventSaysAndNowhereElse() {
        VideoFrame frame = ViewFixtures.frame("cam-0", 20, 1_000);
        ClassifiedEvent event = ViewFixtures.event("cam-0", 8, 900);
        BufferedImage raw = Overlay.plain(Overlay.decode(frame));
        BufferedImage drawn = Overlay.draw(Overlay.decode(frame), event);

        assertThat(Overlay.scaleFor(Overlay.decode(frame))).isEqualTo(2);
        assertThat(drawn.getWidth()).isEqualTo(640);
        assertThat(drawn.getHeight()).isEqualTo(480);
        // the patch's left edge, halfway down (frame pixels 40, 30..94 at scale 2)
        int px = 80;
        int py = 2 * (30 + 32);
        assertThat(rgb(drawn, px, py)).isEqualTo(Overlay.PATCH.getRGB() & 0xffffff);
        assertThat(distance(raw, drawn, px, py)).isGreaterThan(100);
        // the detection's right edge
        assertThat(rgb(drawn, 2 * (200 + 40), 2 * (120 + 40))).isEqualTo(Overlay.PERSON.getRGB() & 0xffffff);
        // inside the patch and away from everything, the frame is as it was
        assertThat(distance(raw, drawn, 2 * 72, 2 * 62)).isZero();
        assertThat(distance(raw, drawn, 600, 20)).isZero();
        // the banner at the bottom darkens the frame
        assertThat(distance(raw, drawn, 630, 475)).isGreaterThan(50);
        assertThat(Overlay.caption(event)).isEqualTo("walk-left 0.88  [focus-1]  {person=1}");
    }

    @Test
    void changedTilesAreTintedWhereTheDifferencingSaysAndNowhereElse() {
        VideoFrame frame = ViewFixtures.frame("cam-0", 20, 1_000);
        // a 160x120 working frame in tiles of 16: 10x8 tiles, each 32x32 frame pixels, 64x64 drawn at scale 2;
        // frame 9 changed tile 8 (top row), frame 11 tile 79 (bottom right, under the banner's end)
        byte[] nine = new byte[10];
        nine[1] = 1; // tile 8
        byte[] eleven = new byte[10];
        eleven[9] = (byte) 0x80; // tile 79
        ClassifiedEvent event = ClassifiedEvent.newBuilder(ViewFixtures.event("cam-0", 8, 900))
                .setChangedTiles(new ChangedTiles(
                        160,
                        120,
                        16,
                        10,
                        8,
                        List.of(new TileMask(9L, ByteBuffer.wrap(nine)), new TileMask(11L, ByteBuffer.wrap(eleven)))))
                .build();
        BufferedImage raw = Overlay.plain(Overlay.decode(frame));
        BufferedImage clip = Overlay.draw(Overlay.decode(frame), event);
        // inside tile 8 (drawn x 512..575, y 0..63): tinted towards the tile colour
        assertThat(distance(raw, clip, 540, 30)).isGreaterThan(20);
        assertThat(distance(raw, clip, 513, 1)).isGreaterThan(20);
        // just outside it: tile 9, tile 18 below, tile 7 to the left are as they were
        assertThat(distance(raw, clip, 600, 20)).isZero();
        assertThat(distance(raw, clip, 540, 70)).isZero();
        assertThat(distance(raw, clip, 505, 30)).isZero();
        assertThat(Overlay.changedTileCount(event)).isEqualTo(2);

        // one frame of the clip: only that frame's tiles, patches and boxes
        BufferedImage eleventh = Overlay.draw(Overlay.decode(frame), event, 11L, "truth walk-left");
        assertThat(distance(raw, eleventh, 540, 30))
                .as("tile 8 changed in frame 9 only")
                .isZero();
        assertThat(distance(raw, eleventh, 80, 2 * (30 + 32)))
                .as("the patch is from frame 11")
                .isGreaterThan(100);
        BufferedImage ninth = Overlay.draw(Overlay.decode(frame), event, 9L, null);
        assertThat(distance(raw, ninth, 540, 30)).isGreaterThan(20);
        assertThat(distance(raw, ninth, 80, 2 * (30 + 32)))
                .as("no patch was cut from frame 9")
                .isZero();

        // the patch is tagged with its pyramid level
        assertThat(event.getPatches().get(0).getLevel()).isEqualTo(1);
        assertThat(Overlay.changedTileCount(ViewFixtures.event("cam-0", 8, 900)))
                .isEqualTo(-1);
    }

    @Test
    void withoutAnEventOnlyTheBannerIsDrawn() {
        BufferedImage frame = Overlay.decode(ViewFixtures.frame("cam-0", 0, 0));
        BufferedImage drawn = Overlay.draw(frame, null);
        assertThat(distance(Overlay.plain(frame), drawn, 80, 124)).isZero();
        assertThat(Overlay.caption(null)).contains("waiting");
    }

    @Test
    void rawBgrAndGreyFramesDecode() {
        byte[] bgr = new byte[4 * 2 * 3];
        bgr[0] = (byte) 255; // blue of the first pixel
        BufferedImage img = Overlay.decode(raw(FrameEncoding.RAW_BGR24, bgr, 4, 2));
        assertThat(rgb(img, 0, 0)).isEqualTo(0x0000ff);
        byte[] grey = new byte[4 * 2];
        grey[1] = (byte) 200;
        assertThat(rgb(Overlay.decode(raw(FrameEncoding.GRAY8, grey, 4, 2)), 1, 0) & 0xff)
                .isEqualTo(200);
    }

    private static VideoFrame raw(FrameEncoding encoding, byte[] payload, int w, int h) {
        return VideoFrame.newBuilder()
                .setStreamId("s")
                .setSequence(0)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(w)
                .setHeight(h)
                .setEncoding(encoding)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    static int distance(BufferedImage a, BufferedImage b, int x, int y) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
        return d;
    }
}
