package dev.saccade.models.external;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Test-only image sources in the project's frame format (packed BGR24): PNG files and video frames. */
public final class SampleImages {

    private SampleImages() {}

    /** Decodes an image file (any ImageIO format; alpha is dropped) to packed BGR24. */
    public static BgrImage readBgr(Path file) throws IOException {
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null) {
            throw new IOException("ImageIO cannot decode " + file);
        }
        BufferedImage bgr = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        try {
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return new BgrImage(pixels.clone(), src.getWidth(), src.getHeight());
    }

    /** The frames at the given indices (decode order from 0) of a video, as packed BGR24. */
    static List<BgrImage> videoFrames(Path video, Set<Integer> indices) throws IOException {
        int last = indices.stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<BgrImage> frames = new ArrayList<>();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            for (int i = 0; i <= last; i++) {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    throw new IOException(video + " ended after " + i + " frames");
                }
                if (indices.contains(i)) {
                    frames.add(packed(frame));
                }
            }
            grabber.stop();
        }
        return frames;
    }

    /** Copies a grabbed frame's rows, which FFmpeg may pad beyond width * 3 bytes. */
    private static BgrImage packed(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int rowBytes = w * 3;
        Buffer plane = frame.image[0];
        ByteBuffer view = ((ByteBuffer) plane).duplicate();
        byte[] bgr = new byte[rowBytes * h];
        for (int y = 0; y < h; y++) {
            view.position(y * frame.imageStride);
            view.get(bgr, y * rowBytes, rowBytes);
        }
        return new BgrImage(bgr, w, h);
    }
}
