package dev.saccade.operators.ingest;

import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.AvroRecordReader;
import dev.saccade.schemas.FocusRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the focus deployment's requests (a fresh decoder per record), turning unreadable or unusable records (see
 * {@link RequestChecks}, {@link RequestShape}) and repeated clips into dead letters with their offset and reason
 * instead of failing the focus job.
 */
public final class FocusRequestDeserializer implements KafkaRecordDeserializationSchema<RequestEnvelope> {

    static {
        AvroLimits.install();
    }

    /** Clip ids a reader remembers to refuse a second request for the same clip (in flight it would fail focus). */
    static final int REMEMBERED_CLIPS = 10_000;

    private final AvroRecordReader<FocusRequest> avro = new AvroRecordReader<>(FocusRequest.class);
    private final RequestShape shape;
    private transient Map<String, Boolean> recentClips;

    /** Checks only what needs no bundle (tests, tools). */
    public FocusRequestDeserializer() {
        this(null);
    }

    /** Also checks each request against the focus stage's bundle. */
    public FocusRequestDeserializer(RequestShape shape) {
        this.shape = shape;
    }

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
            FocusRequest r;
            try {
                r = avro.read(value);
            } catch (Exception | OutOfMemoryError e) {
                why = "not a FocusRequest Avro record: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                return RequestEnvelope.rejected(DeadLetters.forRecord(
                        topic, partition, offset, key, value, RejectReason.AVRO_DECODE, why, now));
            }
            why = RequestChecks.problem(r, shape);
            if (why == null && remembered().put(r.getClipId().toString(), Boolean.TRUE) != null) {
                why = "a second request for clip " + r.getClipId() + " (a duplicate)";
            }
            if (why == null) {
                return RequestEnvelope.of(r);
            }
            return RequestEnvelope.rejected(DeadLetters.forRecord(
                    topic, partition, offset, key, value, RejectReason.INVALID_REQUEST, why, now));
        }
        return RequestEnvelope.rejected(
                DeadLetters.forRecord(topic, partition, offset, key, value, RejectReason.AVRO_DECODE, why, now));
    }

    private Map<String, Boolean> remembered() {
        if (recentClips == null) {
            recentClips = new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_CLIPS;
                }
            };
        }
        return recentClips;
    }

    @Override
    public TypeInformation<RequestEnvelope> getProducedType() {
        return TypeInformation.of(RequestEnvelope.class);
    }
}
