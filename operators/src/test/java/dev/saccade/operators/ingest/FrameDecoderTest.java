package dev.saccade.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.TestFrames;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final OperatorSettings settings = TestFrames.settings(4);
    private final FrameDecoder decoder = new FrameDecoder(settings);

    private static byte[] bgrOf(byte[] gray) {
        byte[] bgr = new byte[gray.length * 3];
        for (int i = 0; i < gray.length; i++) {
            bgr[3 * i] = bgr[3 * i + 1] = bgr[3 * i + 2] = gray[i];
        }
        return bgr;
    }

    private static VideoFrame frame(FrameEncoding enc, byte[] payload, int w, int h) {
        return VideoFrame.newBuilder(TestFrames.grayFrame("cam", 0, 0, 0))
                .setEncoding(enc)
                .setPayload(ByteBuffer.wrap(payload))
                .setWidth(w)
                .setHeight(h)
                .build();
    }

    @Test
    void everyEncodingDecodesToTheSameWorkingFrame() throws Exception {
        byte[] gray = TestFrames.gray(20);
        byte[] bgr = bgrOf(gray);
        int w = TestFrames.W;
        int h = TestFrames.H;
        byte[] fromGray = decoder.decodeToWorking(frame(FrameEncoding.GRAY8, gray, w, h));
        byte[] fromRaw = decoder.decodeToWorking(frame(FrameEncoding.RAW_BGR24, bgr, w, h));
        byte[] fromPng = decoder.decodeToWorking(frame(FrameEncoding.PNG, ImageCodec.encodePng(bgr, w, h), w, h));
        byte[] fromJpeg =
                decoder.decodeToWorking(frame(FrameEncoding.JPEG, ImageCodec.encodeJpeg(bgr, w, h, 95), w, h));
        assertThat(fromGray).isEqualTo(gray);
        assertThat(fromRaw).isEqualTo(gray);
        assertThat(fromPng).isEqualTo(gray);
        double err = 0;
        for (int i = 0; i < gray.length; i++) {
            err += Math.abs((gray[i] & 0xFF) - (fromJpeg[i] & 0xFF));
        }
        assertThat(err / gray.length).as("JPEG mean error").isLessThan(3.0);
    }

    @Test
    void largerFramesAreDownscaledOnceToTheWorkingSize() throws Exception {
        byte[] big = new byte[TestFrames.W * 2 * TestFrames.H * 2];
        java.util.Arrays.fill(big, (byte) 77);
        byte[] out = decoder.decodeToWorking(frame(FrameEncoding.GRAY8, big, TestFrames.W * 2, TestFrames.H * 2));
        assertThat(out).hasSize(TestFrames.W * TestFrames.H).containsOnly((byte) 77);
    }

    @Test
    void declaredSizeMustMatchTheImage() {
        byte[] bgr = bgrOf(TestFrames.gray(0));
        byte[] png = ImageCodec.encodePng(bgr, TestFrames.W, TestFrames.H);
        assertThatThrownBy(() -> decoder.decodeToWorking(frame(FrameEncoding.PNG, png, 32, 32)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.SIZE_MISMATCH))
                .hasMessageContaining("declared 32x32")
                .hasMessageContaining("64x48");
    }

    @Test
    void limitsAreCheckedBeforeDecoding() {
        OperatorSettings d = settings;
        FrameDecoder strict = new FrameDecoder(new OperatorSettings(
                d.diffWidth(),
                d.diffHeight(),
                d.tileSize(),
                d.tileThreshold(),
                d.sceneCutFraction(),
                d.streamIdleTimeoutMs(),
                d.clipLength(),
                d.clipQuietTimeoutMs(),
                1000,
                64 * 48,
                d.maxOutOfOrderMs(),
                d.motionMinChangedFraction(),
                d.motionMovingFrameRatio()));
        assertThatThrownBy(() -> strict.decodeToWorking(frame(FrameEncoding.GRAY8, new byte[3072], 64, 48)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.OVER_LIMIT))
                .hasMessageContaining("3072 bytes");
        assertThatThrownBy(() -> strict.decodeToWorking(frame(FrameEncoding.JPEG, new byte[10], 65, 48)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.OVER_LIMIT))
                .hasMessageContaining("pixels");
        assertThatThrownBy(() -> strict.decodeToWorking(frame(FrameEncoding.JPEG, new byte[10], 0, 48)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.INVALID_FRAME));
    }

    @Test
    void aTruncatedJpegIsUndecodableNotAHalfGreyFrame() {
        // what a camera or a non-Java producer sends when its write is cut short: libjpeg would fill the missing rows
        byte[] jpeg = ImageCodec.encodeJpeg(bgrOf(TestFrames.gray(20)), TestFrames.W, TestFrames.H, 90);
        for (int keep : new int[] {jpeg.length * 2 / 3, jpeg.length - 2, jpeg.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(jpeg, keep);
            assertThatThrownBy(
                            () -> decoder.decodeToWorking(frame(FrameEncoding.JPEG, cut, TestFrames.W, TestFrames.H)))
                    .as("JPEG cut to %d of %d bytes", keep, jpeg.length)
                    .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                            .isEqualTo(RejectReason.UNDECODABLE_PAYLOAD));
        }
    }

    @Test
    void aTruncatedPngIsUndecodable() {
        byte[] png = ImageCodec.encodePng(bgrOf(TestFrames.gray(20)), TestFrames.W, TestFrames.H);
        byte[] cut = java.util.Arrays.copyOf(png, png.length * 2 / 3);
        assertThatThrownBy(() -> decoder.decodeToWorking(frame(FrameEncoding.PNG, cut, TestFrames.W, TestFrames.H)))
                .isInstanceOfSatisfying(FrameRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.UNDECODABLE_PAYLOAD));
    }

    @Test
    void aJpegWithPaddingAfterItsEndMarkerStillDecodes() throws Exception {
        byte[] jpeg = ImageCodec.encodeJpeg(bgrOf(TestFrames.gray(20)), TestFrames.W, TestFrames.H, 90);
        byte[] padded = java.util.Arrays.copyOf(jpeg, jpeg.length + 16);
        assertThat(decoder.decodeToWorking(frame(FrameEncoding.JPEG, padded, TestFrames.W, TestFrames.H)))
                .hasSize(TestFrames.W * TestFrames.H);
    }

    @Test
    void theDctScaleIsTheLargestThatStillCoversTheNeed() {
        assertThat(FrameDecoder.dctScale(320, 240, 160, 120)).isEqualTo(2);
        assertThat(FrameDecoder.dctScale(768, 576, 160, 120)).isEqualTo(4);
        assertThat(FrameDecoder.dctScale(1920, 1080, 160, 120)).isEqualTo(8);
        assertThat(FrameDecoder.dctScale(300, 200, 160, 120)).isEqualTo(1);
    }

    @Test
    void aReducedJpegKeepsItsBytesAndHalvesTheModelFrame() throws Exception {
        int w = TestFrames.W * 4;
        int h = TestFrames.H * 4;
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) ((i / 3) % w);
        }
        byte[] jpeg = ImageCodec.encodeJpeg(bgr, w, h, 90);
        FrameDecoder.Decoded full = decoder.decode(frame(FrameEncoding.JPEG, jpeg, w, h), w, h);
        FrameDecoder.Decoded half = decoder.decode(frame(FrameEncoding.JPEG, jpeg, w, h), w, h, 2);
        assertThat(half.model()).hasSize(w / 2 * h / 2 * 3);
        assertThat(half.full()).isSameAs(jpeg);
        assertThat(half.fullEncoding()).isEqualTo("JPEG");
        assertThat(half.working()).hasSize(full.working().length);
        assertThat(FrameDecoder.fullModelFrame(half.full(), half.fullEncoding(), w, h))
                .isEqualTo(full.model());
        assertThat(full.full()).isNull();
    }

    @Test
    void otherEncodingsReducedKeepTheirFullSizeModelFrame() throws Exception {
        byte[] bgr = bgrOf(TestFrames.gray(20));
        int w = TestFrames.W;
        int h = TestFrames.H;
        FrameDecoder.Decoded half = decoder.decode(frame(FrameEncoding.RAW_BGR24, bgr, w, h), w, h, 2);
        assertThat(half.fullEncoding()).isEqualTo(FrameDecoder.MODEL_BGR);
        assertThat(half.full()).isEqualTo(bgr);
        assertThat(half.model()).hasSize(w / 2 * h / 2 * 3);
        assertThat(FrameDecoder.fullModelFrame(half.full(), half.fullEncoding(), w, h))
                .isEqualTo(bgr);
    }
}
