package dev.saccade.bench;

import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The first N frames of a video, decoded and resized to BGR24 of one size; a short clip loops. */
public final class BgrFrames {
    private BgrFrames() {}

    /** Decodes {@code count} frames of {@code video} resized to {@code width x height}. */
    public static List<byte[]> decode(Path video, int count, int width, int height) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (VideoFileReader reader = new VideoFileReader(video.toString())) {
            while (out.size() < count) {
                BgrFrame f = reader.next();
                if (f == null) {
                    if (out.isEmpty()) {
                        throw new IOException("no decodable frame in " + video);
                    }
                    reader.restart();
                    continue;
                }
                out.add(ImageCodec.resizeBgr(f.bgr(), f.width(), f.height(), width, height));
            }
        }
        return out;
    }
}
