package dev.saccade.datasets.footage;

import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One video decoded at the cascade's working size (a fixed width, the source's aspect ratio) beside its teacher
 * labels, which stay in source pixels.
 */
public record FootageSource(String name, Path video, int width, int height, byte[][] frames, TeacherLabels labels) {
    /** Width every source is resized to: people of a 576-line camera stay tens of pixels tall, patches can hold them. */
    public static final int WORK_WIDTH = 384;

    /** The working height of a source of {@code width x height}: same aspect, even. */
    public static int workHeight(int width, int height) {
        return Math.max(2, (int) Math.round((double) height * WORK_WIDTH / width / 2) * 2);
    }

    public static FootageSource load(Path video, TeacherLabels labels) throws IOException {
        int w = WORK_WIDTH;
        int h = workHeight(labels.meta().width(), labels.meta().height());
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
