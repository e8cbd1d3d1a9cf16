package dev.saccade.feed;

/** One stream being fed: its id, where its frames come from, and the next sequence number. */
public final class FeedStream implements AutoCloseable {
    private final String streamId;
    private final FrameSource source;
    private long nextSequence;
    private boolean exhausted;

    public FeedStream(String streamId, FrameSource source) {
        this.streamId = streamId;
        this.source = source;
    }

    public String streamId() {
        return streamId;
    }

    public FrameSource source() {
        return source;
    }

    long takeSequence() {
        return nextSequence++;
    }

    public long framesSent() {
        return nextSequence;
    }

    boolean exhausted() {
        return exhausted;
    }

    void markExhausted() {
        exhausted = true;
    }

    @Override
    public void close() throws Exception {
        source.close();
    }
}
