package dev.saccade.bench.fuzz;

import dev.saccade.operators.media.ImageCodec;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.List;

/** The good frames: small synthetic streams rendered and JPEG-encoded once, shared by every run of the bench. */
final class FuzzStreams {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final long FRAME_INTERVAL_MS = 100;

    /** One stream's frames, in sequence order. */
    record Stream(String id, byte[][] jpegs, int width, int height) {
        byte[] jpeg(int seq) {
            return jpegs[seq];
        }
    }

    private FuzzStreams() {}

    static List<Stream> render(int streams, int frames, int clipLength, long seed) {
        List<Stream> out = new ArrayList<>();
        SceneConfig config = SceneConfig.defaults().withSize(WIDTH, HEIGHT).withClipLength(clipLength);
        for (int i = 0; i < streams; i++) {
            SceneGenerator g = new SceneGenerator(config, seed * 1000 + i);
            byte[][] jpegs = new byte[frames][];
            for (int f = 0; f < frames; f++) {
                SceneFrame frame = g.nextFrame();
                jpegs[f] = ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), 85);
            }
            out.add(new Stream("fuzz-" + i, jpegs, WIDTH, HEIGHT));
        }
        return out;
    }
}
