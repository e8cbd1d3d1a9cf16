package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The feed, job and events commands against a real broker, as a user would chain them. */
class CliITCase {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SaccadeCli());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("help")).isZero();
        assertThat(out.toString()).contains("demo", "feed", "events", "job");
    }

    @Test
    void feedThenJobThenEventsPrintsClassifiedClipsAsJsonLines() throws Exception {
        String frames = "cli-frames";
        String events = "cli-events";
        broker.createTopics(2, frames, events, "cli-dead");

        int rc = new CommandLine(new SaccadeCli())
                .execute(
                        "feed",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic",
                        frames,
                        "--streams",
                        "2",
                        "--frames",
                        "32",
                        "--width",
                        "160",
                        "--height",
                        "120");
        assertThat(rc).isZero();
        List<VideoFrame> fed = readFrames(frames, 64);
        assertThat(fed).hasSize(64);
        assertThat(fed).extracting(VideoFrame::getStreamId).containsOnly("cam-0", "cam-1");
        assertThat(fed.get(0).getWidth()).isEqualTo(160);
        assertThat(fed.get(0).getMetadata()).containsKey("truth.label");

        Configuration conf = new Configuration();
        conf.setString(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        conf.setString(JobOptions.FRAMES_TOPIC.key(), frames);
        conf.setString(JobOptions.EVENTS_TOPIC.key(), events);
        conf.setString(JobOptions.DEAD_LETTER_TOPIC.key(), "cli-dead");
        conf.setString(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "cli-it");
        conf.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        conf.setString(dev.saccade.operators.OperatorOptions.MODE.key(), "motion");
        JobClient job = SaccadeJob.start(conf, JobSettings.from(conf));
        try {
            String printed = captureStdout(() -> new CommandLine(new SaccadeCli())
                    .execute(
                            "events",
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--topic",
                            events,
                            "--follow",
                            "--max",
                            "4"));
            String[] lines = printed.trim().split("\n");
            assertThat(lines).hasSize(4);
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                JsonNode e = json.readTree(line);
                assertThat(e.get("streamId").asText()).isIn("cam-0", "cam-1");
                assertThat(e.get("clipId").asText())
                        .startsWith(e.get("streamId").asText() + ":");
                assertThat(e.get("label").asText()).isIn("static", "motion");
                assertThat(e.get("confidence").asDouble()).isBetween(0.5, 1.0);
                assertThat(e.get("frameCount").asInt()).isEqualTo(16);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<VideoFrame> readFrames(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "cli-check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<VideoFrame> frames = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (frames.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    VideoFrame f = AvroBytes.decode(r.value(), VideoFrame.class);
                    assertThat(r.key()).isEqualTo(f.getStreamId());
                    frames.add(f);
                });
            }
        }
        return frames;
    }

    private static String captureStdout(Callable<Integer> command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.call()).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
