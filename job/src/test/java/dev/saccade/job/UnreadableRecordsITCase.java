package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.job.kafka.KafkaIO;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that are not VideoFrame Avro at all (random bytes, an enum index the schema lacks, another schema, a
 * truncated frame, JSON), each followed at once by good frames of three streams, all on one partition: every bad
 * record is a dead letter and every good frame lands in exactly one event. Before the source decoded each record on
 * its own, the frames after one such record became garbage dead letters (Flink's Avro decoder kept its state).
 */
class UnreadableRecordsITCase {
    private static final String[] STREAMS = {"cam-a", "cam-b", "cam-c"};
    private static final int FRAMES = 24;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void goodFramesRightAfterNonAvroRecordsAreUntouched() throws Exception {
        Configuration conf = new Configuration();
        conf.setString(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        conf.setString(JobOptions.FRAMES_TOPIC.key(), "frames-unreadable");
        conf.setString(JobOptions.EVENTS_TOPIC.key(), "events-unreadable");
        conf.setString(JobOptions.DEAD_LETTER_TOPIC.key(), "dead-unreadable");
        conf.setString(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "it-unreadable");
        conf.setString(JobOptions.GROUP_ID.key(), "it-unreadable");
        conf.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        conf.setString(OperatorOptions.CLIP_LENGTH.key(), "8");
        conf.setString(OperatorOptions.CLIP_QUIET_TIMEOUT.key(), "2 s");
        JobSettings s = JobSettings.from(conf);
        broker.createTopics(1, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());

        VideoFrame sample = frame("cam-a", 0);
        byte[][] bad = badRecords(sample);
        Map<Long, Integer> badOffsets = new HashMap<>();
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers())) {
            int nextBad = 0;
            for (int seq = 0; seq < FRAMES; seq++) {
                if (seq % 4 == 1 && nextBad < bad.length) {
                    var meta = producer.send(new ProducerRecord<>(s.framesTopic(), 0, "junk", bad[nextBad]))
                            .get();
                    badOffsets.put(meta.offset(), nextBad++);
                }
                for (String stream : STREAMS) {
                    producer.send(new ProducerRecord<>(
                                    s.framesTopic(), 0, stream, AvroBytes.encode(frame(stream, seq))))
                            .get();
                }
            }
            assertThat(badOffsets).hasSize(bad.length);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                SaccadeJob.withPipelineDefaults(new Configuration()));
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        SaccadePipeline.Outputs out = SaccadePipeline.build(
                env.fromSource(KafkaIO.frameSource(s), KafkaIO.watermarks(s), "frames"), s.operators());
        out.events().sinkTo(KafkaIO.eventSink(s));
        out.deadLetters().sinkTo(KafkaIO.deadLetterSink(s));
        JobClient job = env.executeAsync("unreadable-it");
        List<ClassifiedEvent> events = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        try (CommittedReader<ClassifiedEvent> er =
                        new CommittedReader<>(s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false);
                CommittedReader<DeadLetter> dr =
                        new CommittedReader<>(s.bootstrapServers(), s.deadLetterTopic(), DeadLetter.class, false)) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline
                    && (frames(events) < STREAMS.length * FRAMES || letters.size() < bad.length)) {
                er.poll(Duration.ofMillis(300), events::add);
                dr.poll(Duration.ofMillis(50), letters::add);
            }
            long settle = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < settle) {
                er.poll(Duration.ofMillis(300), events::add);
                dr.poll(Duration.ofMillis(50), letters::add);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        assertThat(letters).extracting(DeadLetter::getOffset).containsExactlyInAnyOrderElementsOf(badOffsets.keySet());
        for (DeadLetter d : letters) {
            assertThat(d.getErrorClass()).isEqualTo("AVRO_DECODE");
            assertThat(d.getReason()).startsWith("not a VideoFrame Avro record");
            assertThat(d.getValue().array()).isEqualTo(bad[badOffsets.get(d.getOffset())]);
        }
        for (String stream : STREAMS) {
            List<ClassifiedEvent> mine =
                    events.stream().filter(e -> e.getStreamId().equals(stream)).toList();
            assertThat(mine).extracting(ClassifiedEvent::getClipId).doesNotHaveDuplicates();
            assertThat(mine.stream().mapToInt(ClassifiedEvent::getFrameCount).sum())
                    .as(stream)
                    .isEqualTo(FRAMES);
            for (long seq = 0; seq < FRAMES; seq++) {
                long q = seq;
                assertThat(mine)
                        .as("%s frame %d in an event", stream, seq)
                        .anyMatch(e -> e.getFirstSequence() <= q && q <= e.getLastSequence());
            }
        }
    }

    private static int frames(List<ClassifiedEvent> events) {
        return events.stream().mapToInt(ClassifiedEvent::getFrameCount).sum();
    }

    private static VideoFrame frame(String stream, long seq) {
        byte[] gray = new byte[64 * 48];
        Arrays.fill(gray, (byte) (seq * 9 % 200));
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L + seq * 100))
                .setWidth(64)
                .setHeight(48)
                .setEncoding(FrameEncoding.GRAY8)
                .setPayload(ByteBuffer.wrap(gray))
                .build();
    }

    /** Bytes other producers send: none is a VideoFrame this schema can read. */
    private static byte[][] badRecords(VideoFrame sample) throws Exception {
        byte[] noise = new byte[200];
        new Random(11).nextBytes(noise);
        byte[] whole = AvroBytes.encode(sample);
        byte[] otherSchema = AvroBytes.encode(DeadLetter.newBuilder()
                .setTopic("elsewhere")
                .setPartition(3)
                .setOffset(9)
                .setKey(null)
                .setValue(ByteBuffer.wrap(whole))
                .setReason("r")
                .setErrorClass("E")
                .setTime(Instant.EPOCH)
                .build());
        return new byte[][] {
            noise,
            unknownEnum(sample),
            otherSchema,
            Arrays.copyOf(whole, whole.length - 100),
            "{\"streamId\":\"cam-a\",\"sequence\":3}".getBytes(StandardCharsets.UTF_8)
        };
    }

    /** A frame written with a wider enum (a producer's newer schema), its encoding the index the reader lacks. */
    private static byte[] unknownEnum(VideoFrame good) throws Exception {
        Schema wider = new Schema.Parser()
                .parse(VideoFrame.getClassSchema()
                        .toString()
                        .replace("\"GRAY8\"]", "\"GRAY8\", \"E4\", \"E5\", \"E6\", \"E7\", \"E8\", \"HEVC\"]"));
        GenericData.Record r = new GenericData.Record(wider);
        for (Schema.Field f : wider.getFields()) {
            r.put(
                    f.name(),
                    switch (f.name()) {
                        case "encoding" -> new GenericData.EnumSymbol(f.schema(), "HEVC");
                        case "captureTime" -> good.getCaptureTime().toEpochMilli();
                        default -> good.get(f.name());
                    });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(wider).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }
}
