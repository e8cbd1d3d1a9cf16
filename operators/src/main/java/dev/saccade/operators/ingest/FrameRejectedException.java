package dev.saccade.operators.ingest;

/** A frame that cannot be used, with the category and a reason a person can act on. */
public final class FrameRejectedException extends Exception {
    private final RejectReason reason;

    public FrameRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FrameRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
