package dev.saccade.job.kafka;

import dev.saccade.job.JobSettings;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.ingest.FocusRequestDeserializer;
import dev.saccade.operators.ingest.FrameRecordDeserializer;
import dev.saccade.operators.ingest.RequestShape;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FocusRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka source and exactly-once sinks of the job, built from the job settings. */
public final class KafkaIO {
    private KafkaIO() {}

    public static KafkaSource<FrameEnvelope> frameSource(JobSettings s) {
        return KafkaSource.<FrameEnvelope>builder()
                .setBootstrapServers(s.bootstrapServers())
                .setTopics(s.framesTopic())
                .setGroupId(s.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        s.startFromLatest() ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST))
                .setDeserializer(new FrameRecordDeserializer())
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
    }

    /** Event time is the capture time; records that could not be read keep the Kafka timestamp. */
    public static WatermarkStrategy<FrameEnvelope> watermarks(JobSettings s) {
        return WatermarkStrategy.<FrameEnvelope>forBoundedOutOfOrderness(s.maxWatermarkDelay())
                .withTimestampAssigner((e, kafkaTs) ->
                        e.frame != null ? e.frame.getCaptureTime().toEpochMilli() : kafkaTs)
                .withIdleness(java.time.Duration.ofSeconds(10));
    }

    public static KafkaSink<ClassifiedEvent> eventSink(JobSettings s) {
        return eventSink(s, "-events");
    }

    /** The events sink with its own transactional-id suffix: two jobs writing events must not share ids. */
    public static KafkaSink<ClassifiedEvent> eventSink(JobSettings s, String transactionalIdSuffix) {
        return exactlyOnce(
                        s,
                        KafkaRecordSerializationSchema.<ClassifiedEvent>builder()
                                .setTopic(s.eventsTopic())
                                .setKeySerializationSchema(new EventKey())
                                .setValueSerializationSchema(AvroSerializationSchema.forSpecific(ClassifiedEvent.class))
                                .build(),
                        transactionalIdSuffix)
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(JobSettings s) {
        return deadLetterSink(s, "-dead-letters");
    }

    /** The dead-letter sink with its own transactional-id suffix: two jobs writing dead letters must not share ids. */
    public static KafkaSink<DeadLetter> deadLetterSink(JobSettings s, String transactionalIdSuffix) {
        return exactlyOnce(
                        s,
                        KafkaRecordSerializationSchema.<DeadLetter>builder()
                                .setTopic(s.deadLetterTopic())
                                .setValueSerializationSchema(AvroSerializationSchema.forSpecific(DeadLetter.class))
                                .build(),
                        transactionalIdSuffix)
                // rejected frames can be as large as the biggest accepted frame
                .setProperty("max.request.size", Integer.toString(s.operators().maxPayloadBytes() + 1024 * 1024))
                .build();
    }

    /** Focus requests for a separate focus deployment, exactly once, keyed by stream. */
    public static KafkaSink<FocusRequest> focusRequestSink(JobSettings s) {
        return exactlyOnce(
                        s,
                        KafkaRecordSerializationSchema.<FocusRequest>builder()
                                .setTopic(s.focusRequestsTopic())
                                .setKeySerializationSchema(
                                        r -> r.getStreamId().toString().getBytes(StandardCharsets.UTF_8))
                                .setValueSerializationSchema(AvroSerializationSchema.forSpecific(FocusRequest.class))
                                .build(),
                        "-focus-requests")
                .build();
    }

    /** A transactional sink: records visible to read_committed readers only once their checkpoint completes. */
    private static <T> KafkaSinkBuilder<T> exactlyOnce(
            JobSettings s, KafkaRecordSerializationSchema<T> records, String transactionalIdSuffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(s.bootstrapServers())
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(s.transactionalIdPrefix() + transactionalIdSuffix)
                .setProperty(
                        "transaction.timeout.ms",
                        Long.toString(s.transactionTimeout().toMillis()));
    }

    /** The focus deployment's input: only committed requests, so a glance job's aborted attempt is never classified. */
    public static KafkaSource<RequestEnvelope> focusRequestSource(JobSettings s) {
        return KafkaSource.<RequestEnvelope>builder()
                .setBootstrapServers(s.bootstrapServers())
                .setTopics(s.focusRequestsTopic())
                .setGroupId(s.groupId() + "-focus")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new FocusRequestDeserializer(requestShape(s)))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
    }

    /** What the focus stage's bundle accepts, so a request it cannot run is a dead letter, not a failed focus job. */
    static RequestShape requestShape(JobSettings s) {
        try {
            return RequestShape.of(ModelBundle.readManifest(Path.of(s.model().bundle())));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the model bundle at " + s.model().bundle() + ": " + e.getMessage(), e);
        }
    }

    /** Key = stream id, so a stream's events stay ordered in one partition. */
    static final class EventKey implements SerializationSchema<ClassifiedEvent> {
        @Override
        public byte[] serialize(ClassifiedEvent e) {
            return e.getStreamId().getBytes(StandardCharsets.UTF_8);
        }
    }
}
