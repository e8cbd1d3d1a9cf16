package dev.saccade.operators.ingest;

import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds dead letters that carry the original record bytes, so a rejected frame can be replayed once fixed. */
public final class DeadLetters {

    private DeadLetters() {}

    /** For a record that could not even be read as a frame. */
    public static DeadLetter forRecord(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            RejectReason reason,
            String message,
            long nowMs) {
        return DeadLetter.newBuilder()
                .setTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(message)
                .setErrorClass(reason.name())
                .setTime(Instant.ofEpochMilli(nowMs))
                .build();
    }

    /** For a frame that was read but rejected later; its Avro encoding is the record value as it was written. */
    public static DeadLetter forFrame(FrameEnvelope envelope, FrameRejectedException rejection, long nowMs) {
        VideoFrame frame = envelope.frame;
        return forRecord(
                envelope.topic,
                envelope.partition,
                envelope.offset,
                frame.getStreamId().getBytes(StandardCharsets.UTF_8),
                encode(frame),
                rejection.reason(),
                rejection.getMessage(),
                nowMs);
    }

    static byte[] encode(VideoFrame frame) {
        // a duplicate keeps the payload's position untouched for anyone else holding the frame
        return AvroBytes.encode(VideoFrame.newBuilder(frame)
                .setPayload(frame.getPayload().duplicate())
                .build());
    }
}
