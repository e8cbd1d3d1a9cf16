package dev.saccade.operators.ingest;

import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.AvroRecordReader;
import dev.saccade.schemas.VideoFrame;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads frame records (plain Avro, a fresh decoder per record: {@link AvroRecordReader}), turning unreadable ones into
 * dead letters instead of failing the job.
 */
public final class FrameRecordDeserializer implements KafkaRecordDeserializationSchema<FrameEnvelope> {

    static {
        AvroLimits.install();
    }

    private final AvroRecordReader<VideoFrame> avro = new AvroRecordReader<>(VideoFrame.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FrameEnvelope> out) throws IOException {
        out.collect(read(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
    }

    /** Never throws: anything that is not a well-formed frame becomes a rejected envelope. */
    public FrameEnvelope read(String topic, int partition, long offset, byte[] key, byte[] value) {
        long now = System.currentTimeMillis();
        if (value == null || value.length == 0) {
            return FrameEnvelope.rejected(DeadLetters.forRecord(
                    topic,
                    partition,
                    offset,
                    key,
                    value,
                    RejectReason.AVRO_DECODE,
                    "empty record value (tombstone?)",
                    now));
        }
        VideoFrame frame;
        try {
            frame = avro.read(value);
        } catch (Exception | OutOfMemoryError e) {
            return FrameEnvelope.rejected(DeadLetters.forRecord(
                    topic,
                    partition,
                    offset,
                    key,
                    value,
                    RejectReason.AVRO_DECODE,
                    "not a VideoFrame Avro record: " + describe(e),
                    now));
        }
        if (frame == null || frame.getStreamId() == null || frame.getStreamId().isBlank()) {
            return FrameEnvelope.rejected(DeadLetters.forRecord(
                    topic, partition, offset, key, value, RejectReason.INVALID_FRAME, "frame has no stream id", now));
        }
        return FrameEnvelope.of(frame, topic, partition, offset);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    @Override
    public TypeInformation<FrameEnvelope> getProducedType() {
        return TypeInformation.of(FrameEnvelope.class);
    }
}
