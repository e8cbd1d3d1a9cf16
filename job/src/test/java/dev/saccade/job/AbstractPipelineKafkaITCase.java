package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.KafkaCluster;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.job.kafka.KafkaIO;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The pipeline through a real broker and a real Flink MiniCluster: good frames mixed with every kind of bad record,
 * and a failover in the middle. Subclasses choose the broker (in-process KRaft, or Testcontainers where Docker runs).
 */
abstract class AbstractPipelineKafkaITCase {
    private static final int STREAMS = 3;
    private static final int FRAMES_PER_WAVE = 24;
    private static final int MAX_PAYLOAD = 100_000;

    protected abstract KafkaCluster kafka();

    /** A bad record: its bytes, and the error class the pipeline must give it. */
    private record Bad(String key, byte[] value, String expectedClass) {}

    @Test
    void everyGoodFrameEndsUpInExactlyOneEventAndEveryBadRecordIsDeadLettered() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Configuration conf = new Configuration();
        conf.setString(JobOptions.BOOTSTRAP_SERVERS.key(), kafka().bootstrapServers());
        conf.setString(JobOptions.FRAMES_TOPIC.key(), "frames-" + suffix);
        conf.setString(JobOptions.EVENTS_TOPIC.key(), "events-" + suffix);
        conf.setString(JobOptions.DEAD_LETTER_TOPIC.key(), "dead-" + suffix);
        conf.setString(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "it-" + suffix);
        conf.setString(JobOptions.GROUP_ID.key(), "it-" + suffix);
        conf.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        conf.setString(OperatorOptions.CLIP_LENGTH.key(), "8");
        conf.setString(OperatorOptions.CLIP_QUIET_TIMEOUT.key(), "2 s");
        conf.setString(OperatorOptions.MAX_PAYLOAD_BYTES.key(), Integer.toString(MAX_PAYLOAD));
        conf.setString(OperatorOptions.MAX_PIXELS.key(), Integer.toString(640 * 480));
        JobSettings s = JobSettings.from(conf);
        kafka().createTopics(3, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());

        FailOnceAfterCheckpoint.reset();
        Map<String, List<Long>> goodSequences = new TreeMap<>();
        Map<String, Integer> nextSeq = new HashMap<>();
        Map<String, String> badByOffset = new HashMap<>();
        List<Bad> bads = badRecords();
        Map<String, SceneGenerator> scenes = new HashMap<>();
        for (int i = 0; i < STREAMS; i++) {
            scenes.put(
                    "cam-" + i,
                    new SceneGenerator(SceneConfig.defaults().withSize(96, 72).withClipLength(8), 7 + i));
        }
        long base = System.currentTimeMillis();

        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(kafka().bootstrapServers())) {
            // wave 1, with the bad records spread through it
            sendWave(producer, s.framesTopic(), scenes, nextSeq, goodSequences, base, bads, badByOffset);

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(SaccadeJob.withPipelineDefaults(restartOnce()));
            env.setParallelism(2);
            env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
            var records = env.fromSource(KafkaIO.frameSource(s), KafkaIO.watermarks(s), "frames");
            SaccadePipeline.Outputs out = SaccadePipeline.build(records, s.operators());
            out.events().map(new FailOnceAfterCheckpoint()).sinkTo(KafkaIO.eventSink(s));
            out.deadLetters().sinkTo(KafkaIO.deadLetterSink(s));
            JobClient job = env.executeAsync("pipeline-it");
            try {
                // wave 2 after a checkpoint, so the injected failure hits events of a pending transaction
                long deadline = System.currentTimeMillis() + 120_000;
                while (!FailOnceAfterCheckpoint.CHECKPOINTED.get() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(FailOnceAfterCheckpoint.CHECKPOINTED)
                        .as("a checkpoint completed")
                        .isTrue();
                sendWave(producer, s.framesTopic(), scenes, nextSeq, goodSequences, base, List.of(), badByOffset);

                int expectedFrames =
                        goodSequences.values().stream().mapToInt(List::size).sum();
                List<ClassifiedEvent> events = new ArrayList<>();
                List<DeadLetter> deadLetters = new ArrayList<>();
                try (CommittedReader<ClassifiedEvent> er = new CommittedReader<>(
                                s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false);
                        CommittedReader<DeadLetter> dr = new CommittedReader<>(
                                s.bootstrapServers(), s.deadLetterTopic(), DeadLetter.class, false)) {
                    deadline = System.currentTimeMillis() + 180_000;
                    while (System.currentTimeMillis() < deadline
                            && (framesIn(events) < expectedFrames || deadLetters.size() < bads.size())) {
                        er.poll(Duration.ofMillis(300), events::add);
                        dr.poll(Duration.ofMillis(50), deadLetters::add);
                    }
                    // a little longer: anything duplicated would show up now
                    long settle = System.currentTimeMillis() + 3_000;
                    while (System.currentTimeMillis() < settle) {
                        er.poll(Duration.ofMillis(300), events::add);
                        dr.poll(Duration.ofMillis(50), deadLetters::add);
                    }
                }

                assertThat(FailOnceAfterCheckpoint.FAILED)
                        .as("the job failed over once in the middle")
                        .isTrue();
                assertEventsCoverGoodFramesExactlyOnce(events, goodSequences);
                assertDeadLetters(deadLetters, badByOffset, s.framesTopic());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Configuration restartOnce() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return c;
    }

    private static int framesIn(List<ClassifiedEvent> events) {
        return events.stream().mapToInt(ClassifiedEvent::getFrameCount).sum();
    }

    private void sendWave(
            Producer<String, byte[]> producer,
            String topic,
            Map<String, SceneGenerator> scenes,
            Map<String, Integer> nextSeq,
            Map<String, List<Long>> good,
            long base,
            List<Bad> bads,
            Map<String, String> badByOffset)
            throws Exception {
        int badEvery = bads.isEmpty() ? Integer.MAX_VALUE : FRAMES_PER_WAVE / (bads.size() + 1);
        int badIndex = 0;
        for (int f = 0; f < FRAMES_PER_WAVE; f++) {
            for (Map.Entry<String, SceneGenerator> e : scenes.entrySet()) {
                String stream = e.getKey();
                SceneFrame frame = e.getValue().nextFrame();
                long seq = nextSeq.merge(stream, 1, Integer::sum) - 1;
                VideoFrame vf = VideoFrame.newBuilder()
                        .setStreamId(stream)
                        .setSequence(seq)
                        .setCaptureTime(Instant.ofEpochMilli(base + seq * 100))
                        .setWidth(frame.width())
                        .setHeight(frame.height())
                        .setEncoding(FrameEncoding.JPEG)
                        .setPayload(
                                ByteBuffer.wrap(ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), 85)))
                        .build();
                producer.send(new ProducerRecord<>(topic, stream, AvroBytes.encode(vf)))
                        .get();
                good.computeIfAbsent(stream, k -> new ArrayList<>()).add(seq);
            }
            if (f > 0 && f % badEvery == 0 && badIndex < bads.size()) {
                Bad bad = bads.get(badIndex++);
                var meta = producer.send(new ProducerRecord<>(topic, bad.key(), bad.value()))
                        .get();
                badByOffset.put(meta.partition() + ":" + meta.offset(), bad.expectedClass());
            }
        }
    }

    /** One record of each kind the pipeline must reject, each on a stream that also has good frames. */
    private static List<Bad> badRecords() {
        long now = System.currentTimeMillis();
        List<Bad> bads = new ArrayList<>();
        bads.add(new Bad("cam-0", "this is not an avro frame".getBytes(StandardCharsets.UTF_8), "AVRO_DECODE"));
        bads.add(new Bad(
                "cam-1",
                AvroBytes.encode(frame("cam-1", 1001, now, 96, 72, FrameEncoding.JPEG, new byte[] {
                    (byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5, 6
                })),
                "UNDECODABLE_PAYLOAD"));
        byte[] png = ImageCodec.encodePng(new byte[96 * 72 * 3], 96, 72);
        bads.add(new Bad(
                "cam-2",
                AvroBytes.encode(frame("cam-2", 1002, now, 100, 100, FrameEncoding.PNG, png)),
                "SIZE_MISMATCH"));
        bads.add(new Bad(
                "cam-0",
                AvroBytes.encode(frame("cam-0", 1003, now, 96, 72, FrameEncoding.RAW_BGR24, new byte[96 * 72 * 3 - 7])),
                "SIZE_MISMATCH"));
        bads.add(new Bad(
                "cam-1",
                AvroBytes.encode(frame("cam-1", 1004, now, 200, 200, FrameEncoding.RAW_BGR24, new byte[200 * 200 * 3])),
                "OVER_LIMIT"));
        bads.add(new Bad(
                "cam-2",
                AvroBytes.encode(frame("cam-2", 1005, now, 4000, 3000, FrameEncoding.JPEG, new byte[] {1, 2, 3})),
                "OVER_LIMIT"));
        // captured a minute before the stream's newest frame: far out of order
        bads.add(new Bad(
                "cam-0",
                AvroBytes.encode(frame(
                        "cam-0",
                        1006,
                        now - 3_600_000,
                        96,
                        72,
                        FrameEncoding.JPEG,
                        ImageCodec.encodeJpeg(new byte[96 * 72 * 3], 96, 72, 80))),
                "OUT_OF_ORDER"));
        return bads;
    }

    private static VideoFrame frame(
            String stream, long seq, long captureMs, int w, int h, FrameEncoding enc, byte[] payload) {
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(captureMs))
                .setWidth(w)
                .setHeight(h)
                .setEncoding(enc)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }

    private static void assertEventsCoverGoodFramesExactlyOnce(
            List<ClassifiedEvent> events, Map<String, List<Long>> goodSequences) {
        Set<String> clipIds = new HashSet<>();
        for (ClassifiedEvent e : events) {
            assertThat(clipIds.add(e.getClipId()))
                    .as("clip %s delivered once under read_committed", e.getClipId())
                    .isTrue();
            assertThat(e.getLabel()).isIn("static", "motion");
            assertThat(e.getConfidence()).isBetween(0.5f, 1.0f);
            assertThat(e.getStage()).isEqualTo("motion");
            assertThat(e.getTopK()).hasSize(2);
        }
        for (Map.Entry<String, List<Long>> stream : goodSequences.entrySet()) {
            List<ClassifiedEvent> mine = events.stream()
                    .filter(e -> e.getStreamId().equals(stream.getKey()))
                    .sorted((a, b) -> Long.compare(a.getFirstSequence(), b.getFirstSequence()))
                    .toList();
            assertThat(mine.stream().mapToInt(ClassifiedEvent::getFrameCount).sum())
                    .as("frames of %s in its events", stream.getKey())
                    .isEqualTo(stream.getValue().size());
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).getFirstSequence())
                        .as("clips of %s do not overlap", stream.getKey())
                        .isGreaterThan(mine.get(i - 1).getLastSequence());
            }
            for (long seq : stream.getValue()) {
                assertThat(mine)
                        .as("good frame %s:%d is inside an event", stream.getKey(), seq)
                        .anyMatch(e -> e.getFirstSequence() <= seq && seq <= e.getLastSequence());
            }
        }
    }

    private static void assertDeadLetters(List<DeadLetter> letters, Map<String, String> expected, String topic) {
        assertThat(letters).hasSize(expected.size());
        Map<String, String> actual = new HashMap<>();
        for (DeadLetter d : letters) {
            assertThat(d.getTopic()).isEqualTo(topic);
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getValue()).as("raw bytes kept for replay").isNotNull();
            actual.put(d.getPartition() + ":" + d.getOffset(), d.getErrorClass());
        }
        assertThat(actual).isEqualTo(expected);
    }
}
