package dev.saccade.feed;

/** Where one fed stream's frames come from. */
public interface FrameSource extends AutoCloseable {
    /** The next frame, or null when the source is exhausted. */
    RawFrame next();

    /** Frames the source could not decode and skipped. */
    default long undecodableFrames() {
        return 0;
    }

    @Override
    default void close() {}
}
