package dev.saccade.operators.media;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;

/**
 * Reads the video stream of a file or URL through JavaCV's FFmpegFrameGrabber as packed BGR frames, optionally
 * resized, counting and skipping frames that cannot be decoded. Not thread-safe: one reader per thread.
 *
 * <p>JavaCV 1.5.13 swallows FFmpeg decode errors inside {@code grabImage()} (it neither throws nor returns null), and
 * FFmpeg's AVI demuxer drops zero-length chunks, so a lost frame normally shows up only as a gap in the frame
 * timestamps. The reader therefore counts both explicit failures and timestamp gaps as undecodable frames.
 */
public final class VideoFileReader implements AutoCloseable {

    /** Consecutive failed grabs after which the stream is treated as ended, so a broken source cannot spin forever. */
    public static final int MAX_CONSECUTIVE_FAILURES = 100;

    static {
        // FFmpeg logs to stderr at INFO by default (a stream dump per open, codec warnings); keep only errors and route
        // them through JavaCPP's logger: stderr, or SLF4J with -Dorg.bytedeco.javacpp.logger=slf4j. Never stdout.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.set();
    }

    private final String source;
    private final int outWidth;
    private final int outHeight;
    private final SkippedFrameCounter skipped = new SkippedFrameCounter(MAX_CONSECUTIVE_FAILURES);

    private FFmpegFrameGrabber grabber;
    private int nativeWidth;
    private int nativeHeight;
    private double frameRate;
    private boolean ended;
    private long lastTimestamp;
    private long framesRead;

    /** Opens {@code source} (path or URL) at native resolution. */
    public VideoFileReader(String source) throws IOException {
        this(source, 0, 0);
    }

    /**
     * Opens {@code source} (path or URL); frames come out at {@code outWidth x outHeight}, or native size for 0/0.
     *
     * @throws IOException when FFmpeg cannot open the source or it has no video stream
     */
    public VideoFileReader(String source, int outWidth, int outHeight) throws IOException {
        this.source = Objects.requireNonNull(source, "source");
        boolean nativeSize = outWidth == 0 && outHeight == 0;
        if (!nativeSize && (outWidth <= 0 || outHeight <= 0)) {
            throw new IllegalArgumentException(
                    "output size must be 0x0 (native) or positive, got " + outWidth + "x" + outHeight);
        }
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        open();
    }

    private void open() throws IOException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
        // Resizing is left to OpenCV (INTER_AREA) so frames look the same as images resized by ImageCodec.
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            releaseQuietly(g);
            throw new IOException("cannot open video " + source + ": " + e.getMessage(), e);
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            releaseQuietly(g);
            throw new IOException("no video stream in " + source);
        }
        grabber = g;
        nativeWidth = g.getImageWidth();
        nativeHeight = g.getImageHeight();
        frameRate = g.getFrameRate();
        ended = false;
        lastTimestamp = Long.MIN_VALUE;
        skipped.newPass();
    }

    /**
     * Returns the next decodable frame, or null at end of stream (also after {@link #MAX_CONSECUTIVE_FAILURES}
     * failures in a row). Undecodable frames are skipped and counted in {@link #undecodableFrames()}.
     */
    public BgrFrame next() {
        if (grabber == null) {
            throw new IllegalStateException("reader is closed");
        }
        while (!ended) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
                ended = skipped.failure();
                continue;
            }
            if (frame == null) {
                ended = true;
                break;
            }
            byte[] bgr = convert(frame);
            if (bgr == null) {
                ended = skipped.failure();
                continue;
            }
            int index = skipped.frame(grabber.getFrameNumber());
            framesRead++;
            int width = outWidth > 0 ? outWidth : frame.imageWidth;
            int height = outHeight > 0 ? outHeight : frame.imageHeight;
            return new BgrFrame(index, width, height, bgr, timestamp(frame));
        }
        return null;
    }

    /** The frame's timestamp, or one frame period after the previous one when the decoder gave a non-increasing one. */
    private long timestamp(Frame frame) {
        long ts = frame.timestamp;
        if (lastTimestamp != Long.MIN_VALUE && ts <= lastTimestamp) {
            ts = lastTimestamp + (frameRate > 0 ? Math.max(1L, Math.round(1_000_000d / frameRate)) : 1L);
        }
        lastTimestamp = ts;
        return ts;
    }

    /** Packs the grabber's BGR image (rows padded to 64 bytes) into a byte array, resized if asked; null if unusable. */
    private byte[] convert(Frame frame) {
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int stride = frame.imageStride;
        Buffer[] planes = frame.image;
        // frame.imageChannels is computed by JavaCV as stride/width, which is wrong whenever rows are padded (48 px
        // wide BGR reports 4 channels), so the layout is taken from the requested pixel format instead.
        if (planes == null
                || planes.length == 0
                || !(planes[0] instanceof ByteBuffer buffer)
                || width <= 0
                || height <= 0
                || frame.imageDepth != Frame.DEPTH_UBYTE
                || stride < width * 3
                || buffer.capacity() < (long) stride * (height - 1) + width * 3L) {
            return null;
        }
        try {
            if (outWidth > 0 && (outWidth != width || outHeight != height)) {
                if (!buffer.isDirect()) {
                    return null;
                }
                // Wraps the decoder's buffer without copying; the full-size frame never reaches the Java heap.
                try (BytePointer pixels = new BytePointer(buffer)) {
                    return ImageCodec.resizeBgrNative(pixels, stride, width, height, outWidth, outHeight);
                }
            }
            int rowBytes = width * 3;
            byte[] bgr = new byte[rowBytes * height];
            ByteBuffer view = buffer.duplicate();
            if (stride == rowBytes) {
                view.position(0);
                view.get(bgr);
            } else {
                for (int y = 0; y < height; y++) {
                    view.position(y * stride);
                    view.get(bgr, y * rowBytes, rowBytes);
                }
            }
            return bgr;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reopens the source from its start (for looping replays); indices restart at 0, counters keep accumulating. */
    public void restart() throws IOException {
        if (grabber == null) {
            throw new IllegalStateException("reader is closed");
        }
        releaseQuietly(grabber);
        grabber = null;
        open();
    }

    /** Frames per second the container declares (may be an estimate for variable-rate streams). */
    public double frameRate() {
        return frameRate;
    }

    public int nativeWidth() {
        return nativeWidth;
    }

    public int nativeHeight() {
        return nativeHeight;
    }

    /** Frames returned by {@link #next()} since this reader was created (all restarts included). */
    public long framesRead() {
        return framesRead;
    }

    /** Frames skipped as undecodable or missing (timestamp gaps) since this reader was created (all restarts included). */
    public long undecodableFrames() {
        return skipped.skipped();
    }

    @Override
    public void close() {
        if (grabber != null) {
            releaseQuietly(grabber);
            grabber = null;
        }
    }

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception e) {
            // Nothing useful to do: FFmpeg has freed what it could, and the caller is already on a failure path.
        }
    }
}
