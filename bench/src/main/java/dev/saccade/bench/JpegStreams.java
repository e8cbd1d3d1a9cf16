package dev.saccade.bench;

import dev.saccade.operators.media.ImageCodec;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic streams rendered and JPEG-encoded once, so that every run of a bench sends the very same bytes. */
public final class JpegStreams {
    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    public static final long FRAME_INTERVAL_MS = 100;

    /** One stream's frames, in sequence order. */
    public record Stream(String id, byte[][] jpegs, int width, int height) {
        public byte[] jpeg(int seq) {
            return jpegs[seq];
        }
    }

    private JpegStreams() {}

    /** {@code streams} streams named {@code prefix-i} of {@code frames} frames each, the same for the same seed. */
    public static List<Stream> render(String prefix, int streams, int frames, int clipLength, long seed) {
        List<Stream> out = new ArrayList<>();
        SceneConfig config = SceneConfig.defaults().withSize(WIDTH, HEIGHT).withClipLength(clipLength);
        for (int i = 0; i < streams; i++) {
            SceneGenerator g = new SceneGenerator(config, seed * 1000 + i);
            byte[][] jpegs = new byte[frames][];
            for (int f = 0; f < frames; f++) {
                SceneFrame frame = g.nextFrame();
                jpegs[f] = ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), 85);
            }
            out.add(new Stream(prefix + "-" + i, jpegs, WIDTH, HEIGHT));
        }
        return out;
    }

    /** Frame {@code seq} of the stream as a producer writes it, captured {@code seq} frame intervals after {@code base}. */
    public static byte[] frameRecord(Stream st, int seq, long base) {
        return AvroBytes.encode(VideoFrame.newBuilder()
                .setStreamId(st.id())
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(base + seq * FRAME_INTERVAL_MS))
                .setWidth(st.width())
                .setHeight(st.height())
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(st.jpeg(seq)))
                .setMetadata(null)
                .build());
    }
}
