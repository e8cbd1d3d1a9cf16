package dev.saccade.operators.media;

/** Thrown when bytes given to {@link ImageCodec#decode(byte[])} are not an image OpenCV can read. */
public class UndecodableImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UndecodableImageException(String message) {
        super(message);
    }

    public UndecodableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
