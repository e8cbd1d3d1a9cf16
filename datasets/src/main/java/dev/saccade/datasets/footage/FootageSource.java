package dev.saccade.datasets.footage;

import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One video decoded at the cascade's working size beside its teacher labels, which stay in source pixels. Every source
 * is resized to the same 4:3 size, the glance's own aspect, so clips of different cameras batch together; a 16:9
 * camera is stretched vertically exactly as the glance's 96x72 input stretches it anyway.
 */
public record FootageSource(String name, Path video, int width, int height, byte[][] frames, TeacherLabels labels) {
    /** Width every source is resized to: people of a 576-line camera stay tens of pixels tall, patches can hold them. */
    public static final int WORK_WIDTH = 384;

    /** Height every source is resized to. */
    public static final int WORK_HEIGHT = 288;

    public static FootageSource load(Path video, TeacherLabels labels) throws IOException {
        int w = WORK_WIDTH;
        int h = WORK_HEIGHT;
        List<byte[]> frames = new ArrayList<>();
        try (VideoFileReader reader = new VideoFileReader(video.toString(), w, h)) {
            BgrFrame f;
            while (frames.size() < labels.frames().size() && (f = reader.next()) != null) {
                frames.add(f.bgr());
            }
        }
        if (frames.size() != labels.frames().size()) {
            throw new IOException(video + " decoded to " + frames.size() + " frames at " + w + "x" + h + " but "
                    + labels.frames().size() + " at full size");
        }
        return new FootageSource(video.getFileName().toString(), video, w, h, frames.toArray(new byte[0][]), labels);
    }

    public double scaleX() {
        return (double) width / labels.meta().width();
    }

    public double scaleY() {
        return (double) height / labels.meta().height();
    }

    public TimeSplit split() {
        return TimeSplit.of(labels.clips().size());
    }
}
