package dev.saccade.operators.types;

import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.VideoFrame;

/** A record as read from the frames topic: the decoded frame with its Kafka coordinates, or why it could not be decoded. */
public class FrameEnvelope {
    /** The frame; null when the record failed Avro decoding. */
    public VideoFrame frame;
    /** Set instead of {@link #frame} when the record could not be read at all. */
    public DeadLetter rejected;

    public String topic;
    public int partition;
    public long offset;

    public FrameEnvelope() {}

    public static FrameEnvelope of(VideoFrame frame, String topic, int partition, long offset) {
        FrameEnvelope e = new FrameEnvelope();
        e.frame = frame;
        e.topic = topic;
        e.partition = partition;
        e.offset = offset;
        return e;
    }

    public static FrameEnvelope rejected(DeadLetter letter) {
        FrameEnvelope e = new FrameEnvelope();
        e.rejected = letter;
        e.topic = letter.getTopic();
        e.partition = letter.getPartition();
        e.offset = letter.getOffset();
        return e;
    }

    public String streamId() {
        return frame.getStreamId();
    }
}
