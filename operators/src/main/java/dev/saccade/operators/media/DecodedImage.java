package dev.saccade.operators.media;

/** An image decoded by {@link ImageCodec}: row-major, interleaved 8-bit pixels (BGR when channels is 3). */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {

    /** Rejects shapes that do not match the buffer, so a bad image fails here rather than deep in OpenCV. */
    public DecodedImage {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad image shape " + width + "x" + height + "x" + channels);
        }
        if (pixels == null || pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("pixel buffer of " + (pixels == null ? "null" : pixels.length)
                    + " bytes does not match " + width + "x" + height + "x" + channels);
        }
    }
}
