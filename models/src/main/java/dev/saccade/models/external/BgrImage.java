package dev.saccade.models.external;

import java.util.Objects;

/** A frame in the project's format: packed BGR24 rows without padding, {@code width * height * 3} bytes. */
public record BgrImage(byte[] bgr, int width, int height) {

    public BgrImage {
        Objects.requireNonNull(bgr, "bgr");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (bgr.length != (long) width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR24 image needs "
                    + ((long) width * height * 3) + " bytes, got " + bgr.length);
        }
    }
}
