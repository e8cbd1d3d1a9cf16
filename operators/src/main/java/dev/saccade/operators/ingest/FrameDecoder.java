package dev.saccade.operators.ingest;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.media.DecodedImage;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;

/** Checks a frame against its declared size and the input limits, then decodes it once to the grey working frame. */
public final class FrameDecoder {
    private final OperatorSettings settings;

    public FrameDecoder(OperatorSettings settings) {
        this.settings = settings;
    }

    /** Rejects what cannot be trusted before spending any decode work on it. */
    public void checkLimits(VideoFrame frame) throws FrameRejectedException {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w <= 0 || h <= 0) {
            throw new FrameRejectedException(
                    RejectReason.INVALID_FRAME, "declared size " + w + "x" + h + " is not positive");
        }
        if ((long) w * h > settings.maxPixels()) {
            throw new FrameRejectedException(
                    RejectReason.OVER_LIMIT,
                    "declared size " + w + "x" + h + " exceeds the limit of " + settings.maxPixels() + " pixels");
        }
        int bytes = frame.getPayload() == null ? 0 : frame.getPayload().remaining();
        if (bytes > settings.maxPayloadBytes()) {
            throw new FrameRejectedException(
                    RejectReason.OVER_LIMIT,
                    "payload of " + bytes + " bytes exceeds the limit of " + settings.maxPayloadBytes() + " bytes");
        }
        if (bytes == 0) {
            throw new FrameRejectedException(RejectReason.UNDECODABLE_PAYLOAD, "payload is empty");
        }
    }

    /** Returns the grey working frame (settings' diff size), row-major, one byte per pixel. */
    public byte[] decodeToWorking(VideoFrame frame) throws FrameRejectedException {
        return decode(frame, 0, 0).working();
    }

    /**
     * The grey working frame, the BGR frame the models read (null when modelWidth is 0) and, where that is reduced,
     * what gives its full-size version later ({@code full} in {@code fullEncoding}; null when not reduced).
     */
    public record Decoded(byte[] working, byte[] model, byte[] full, String fullEncoding) {
        Decoded(byte[] working, byte[] model) {
            this(working, model, null, null);
        }
    }

    /** Encoding name of a full-size model frame kept as it is (BGR bytes at the models' resolution). */
    public static final String MODEL_BGR = "MODEL_BGR";

    /** Decodes once into the grey working frame and, when the models need it, a BGR frame of modelWidth x modelHeight. */
    public Decoded decode(VideoFrame frame, int modelWidth, int modelHeight) throws FrameRejectedException {
        return decode(frame, modelWidth, modelHeight, 1);
    }

    /**
     * As {@link #decode(VideoFrame, int, int)} with the model frame at 1/{@code scale} of modelWidth x modelHeight: a
     * JPEG is decoded at the smallest DCT scale that is still at least that size (libjpeg skips most of the work of
     * the pixels it would throw away), and its bytes are kept for a full-size decode of the frames the focus stage
     * needs; other encodings are decoded in full, their full-size model frame kept.
     */
    public Decoded decode(VideoFrame frame, int modelWidth, int modelHeight, int scale) throws FrameRejectedException {
        if (scale > 1 && modelWidth > 0) {
            return decodeReduced(frame, modelWidth, modelHeight, scale);
        }
        checkLimits(frame);
        int w = frame.getWidth();
        int h = frame.getHeight();
        byte[] payload = bytesOf(frame.getPayload());
        int dw = settings.diffWidth();
        int dh = settings.diffHeight();
        boolean model = modelWidth > 0;
        switch (frame.getEncoding()) {
            case RAW_BGR24:
                expectLength(payload, (long) w * h * 3, frame);
                return new Decoded(
                        ImageCodec.toGray(payload, w, h, dw, dh),
                        model ? ImageCodec.resizeBgr(payload, w, h, modelWidth, modelHeight) : null);
            case GRAY8:
                expectLength(payload, (long) w * h, frame);
                return new Decoded(
                        ImageCodec.grayResize(payload, w, h, dw, dh),
                        model ? greyToBgr(ImageCodec.grayResize(payload, w, h, modelWidth, modelHeight)) : null);
            case JPEG:
            case PNG:
                DecodedImage image;
                try {
                    image = ImageCodec.decode(payload);
                } catch (Exception e) {
                    throw new FrameRejectedException(
                            RejectReason.UNDECODABLE_PAYLOAD,
                            "payload does not decode as " + frame.getEncoding() + ": " + e.getMessage(),
                            e);
                }
                if (image.width() != w || image.height() != h) {
                    throw new FrameRejectedException(
                            RejectReason.SIZE_MISMATCH,
                            "declared " + w + "x" + h + " but the " + frame.getEncoding() + " payload is "
                                    + image.width() + "x" + image.height());
                }
                return new Decoded(
                        ImageCodec.toGray(image.pixels(), w, h, dw, dh),
                        model ? ImageCodec.resizeBgr(image.pixels(), w, h, modelWidth, modelHeight) : null);
            default:
                throw new FrameRejectedException(RejectReason.INVALID_FRAME, "unknown encoding " + frame.getEncoding());
        }
    }

    private Decoded decodeReduced(VideoFrame frame, int modelWidth, int modelHeight, int scale)
            throws FrameRejectedException {
        int mw = modelWidth / scale;
        int mh = modelHeight / scale;
        if (frame.getEncoding() != FrameEncoding.JPEG) {
            Decoded full = decode(frame, modelWidth, modelHeight, 1);
            return new Decoded(
                    full.working(),
                    ImageCodec.resizeBgr(full.model(), modelWidth, modelHeight, mw, mh),
                    full.model(),
                    MODEL_BGR);
        }
        checkLimits(frame);
        int w = frame.getWidth();
        int h = frame.getHeight();
        byte[] payload = bytesOf(frame.getPayload());
        int dct = dctScale(w, h, Math.max(mw, settings.diffWidth()), Math.max(mh, settings.diffHeight()));
        DecodedImage image;
        byte[] grey;
        try {
            // the grey working frame while the pixels are still native: one copy out instead of out, in and out
            ImageCodec.WithGrey decoded = ImageCodec.decode(payload, dct, settings.diffWidth(), settings.diffHeight());
            image = decoded.image();
            grey = decoded.grey();
        } catch (Exception e) {
            throw new FrameRejectedException(
                    RejectReason.UNDECODABLE_PAYLOAD, "payload does not decode as JPEG: " + e.getMessage(), e);
        }
        int rw = (w + dct - 1) / dct;
        int rh = (h + dct - 1) / dct;
        if (image.width() != rw || image.height() != rh) {
            throw new FrameRejectedException(
                    RejectReason.SIZE_MISMATCH,
                    "declared " + w + "x" + h + " but the JPEG payload decodes at 1/" + dct + " to " + image.width()
                            + "x" + image.height() + ", not " + rw + "x" + rh);
        }
        byte[] model = rw == mw && rh == mh ? image.pixels() : ImageCodec.resizeBgr(image.pixels(), rw, rh, mw, mh);
        return new Decoded(grey, model, payload, FrameEncoding.JPEG.name());
    }

    /**
     * The largest JPEG DCT scale (1, 2, 4 or 8) at which a width x height frame still decodes to at least
     * needWidth x needHeight: nothing is ever upsampled.
     */
    static int dctScale(int width, int height, int needWidth, int needHeight) {
        for (int s = 8; s > 1; s /= 2) {
            if ((width + s - 1) / s >= needWidth && (height + s - 1) / s >= needHeight) {
                return s;
            }
        }
        return 1;
    }

    /**
     * The full-size model frame (modelWidth x modelHeight BGR) of a frame whose model frame was reduced, from what
     * {@link Decoded#full()} kept: exactly what {@link #decode(VideoFrame, int, int)} gives as its model frame.
     */
    public static byte[] fullModelFrame(byte[] full, String encoding, int modelWidth, int modelHeight) {
        if (MODEL_BGR.equals(encoding)) {
            return full;
        }
        DecodedImage image = ImageCodec.decode(full);
        return ImageCodec.resizeBgr(image.pixels(), image.width(), image.height(), modelWidth, modelHeight);
    }

    private static byte[] greyToBgr(byte[] grey) {
        byte[] bgr = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            bgr[3 * i] = grey[i];
            bgr[3 * i + 1] = grey[i];
            bgr[3 * i + 2] = grey[i];
        }
        return bgr;
    }

    private static void expectLength(byte[] payload, long expected, VideoFrame frame) throws FrameRejectedException {
        if (payload.length != expected) {
            throw new FrameRejectedException(
                    RejectReason.SIZE_MISMATCH,
                    "declared " + frame.getWidth() + "x"
                            + frame.getHeight() + " " + frame.getEncoding() + " needs " + expected
                            + " bytes but the payload has "
                            + payload.length);
        }
    }

    /** The payload's bytes without copying when the buffer already is exactly one array. */
    static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
