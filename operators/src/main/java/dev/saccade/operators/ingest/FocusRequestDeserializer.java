package dev.saccade.operators.ingest;

import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.AvroRecordReader;
import dev.saccade.schemas.FocusRequest;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the focus deployment's requests (a fresh decoder per record), turning unreadable records into dead letters
 * with their offset and reason instead of failing the focus job.
 */
public final class FocusRequestDeserializer implements KafkaRecordDeserializationSchema<RequestEnvelope> {

    static {
        AvroLimits.install();
    }

    private final AvroRecordReader<FocusRequest> avro = new AvroRecordReader<>(FocusRequest.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RequestEnvelope> out) throws IOException {
        out.collect(read(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
    }

    /** Never throws: anything that is not a well-formed request becomes a rejected envelope. */
    public RequestEnvelope read(String topic, int partition, long offset, byte[] key, byte[] value) {
        long now = System.currentTimeMillis();
        String why;
        if (value == null || value.length == 0) {
            why = "empty record value (tombstone?)";
        } else {
            try {
                FocusRequest r = avro.read(value);
                if (r.getStreamId() != null
                        && r.getStreamId().length() > 0
                        && !r.getPatches().isEmpty()) {
                    return RequestEnvelope.of(r);
                }
                why = "focus request without a stream id or patches";
            } catch (Exception | OutOfMemoryError e) {
                why = "not a FocusRequest Avro record: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        return RequestEnvelope.rejected(
                DeadLetters.forRecord(topic, partition, offset, key, value, RejectReason.AVRO_DECODE, why, now));
    }

    @Override
    public TypeInformation<RequestEnvelope> getProducedType() {
        return TypeInformation.of(RequestEnvelope.class);
    }
}
