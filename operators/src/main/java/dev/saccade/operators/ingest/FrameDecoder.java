package dev.saccade.operators.ingest;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.media.DecodedImage;
import dev.saccade.operators.media.ImageCodec;
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

    /** The grey working frame, and the BGR frame at the models' resolution (null when modelWidth is 0). */
    public record Decoded(byte[] working, byte[] model) {}

    /** Decodes once into the grey working frame and, when the models need it, a BGR frame of modelWidth x modelHeight. */
    public Decoded decode(VideoFrame frame, int modelWidth, int modelHeight) throws FrameRejectedException {
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
