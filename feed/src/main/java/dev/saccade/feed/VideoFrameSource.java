package dev.saccade.feed;

import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Replays a video file or URL, optionally looping and starting a number of frames in (to stagger streams). */
public final class VideoFrameSource implements FrameSource {
    private final String input;
    private final VideoFileReader reader;
    private final boolean loop;

    public VideoFrameSource(String input, int width, int height, long skipFrames, boolean loop) {
        this.input = input;
        try {
            this.reader = new VideoFileReader(input, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open video " + input + ": " + e.getMessage(), e);
        }
        this.loop = loop;
        for (long i = 0; i < skipFrames; i++) {
            if (reader.next() == null) {
                restart();
            }
        }
    }

    @Override
    public RawFrame next() {
        BgrFrame f = reader.next();
        if (f == null && loop && reader.framesRead() > 0) {
            restart();
            f = reader.next();
        }
        if (f == null) {
            return null;
        }
        // where the frame is in the video, so an event can be traced back to the moment it describes
        return new RawFrame(
                f.width(),
                f.height(),
                f.bgr(),
                Map.of(
                        "source",
                        input,
                        "source.frame",
                        Integer.toString(f.index()),
                        "source.time",
                        String.format(java.util.Locale.ROOT, "%.3f", f.timestampMicros() / 1e6)));
    }

    private void restart() {
        try {
            reader.restart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen video " + input + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long undecodableFrames() {
        return reader.undecodableFrames(); // the reader keeps counting across restarts
    }

    /** Frames in one pass of the input, as far as its container says (0 if unknown). */
    public double frameRate() {
        return reader.frameRate();
    }

    @Override
    public void close() {
        reader.close();
    }
}
