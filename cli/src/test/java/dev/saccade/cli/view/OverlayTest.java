package dev.saccade.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
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
