package dev.saccade.operators.media;

/**
 * One video frame read by {@link VideoFileReader}: packed BGR pixels (width*height*3 bytes, no row padding).
 *
 * @param index           position of the frame in the stream, derived from its timestamp and counted from the
 *                        first decoded frame (0), so frames the reader had to skip leave a gap instead of shifting
 *                        later frames
 * @param timestampMicros presentation time of the frame in the stream, in microseconds
 */
public record BgrFrame(int index, int width, int height, byte[] bgr, long timestampMicros) {

    /** Rejects a buffer that does not hold exactly one packed BGR image of the stated size. */
    public BgrFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad frame size " + width + "x" + height);
        }
        if (bgr == null || bgr.length != (long) width * height * 3) {
            throw new IllegalArgumentException("BGR buffer of " + (bgr == null ? "null" : bgr.length)
                    + " bytes does not match " + width + "x" + height + "x3");
        }
    }
}
