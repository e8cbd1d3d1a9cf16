package dev.saccade.operators.types;

import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FocusRequest;

/** A record as read from the focus-requests topic: the request, or why it could not be read. */
public class RequestEnvelope {
    /** The request; null when the record could not be read. */
    public FocusRequest request;
    /** Set instead of {@link #request} for an unreadable record. */
    public DeadLetter rejected;

    public RequestEnvelope() {}

    public static RequestEnvelope of(FocusRequest request) {
        RequestEnvelope e = new RequestEnvelope();
        e.request = request;
        return e;
    }

    public static RequestEnvelope rejected(DeadLetter letter) {
        RequestEnvelope e = new RequestEnvelope();
        e.rejected = letter;
        return e;
    }
}
