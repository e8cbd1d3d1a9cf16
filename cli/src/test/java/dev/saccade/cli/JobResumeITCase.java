package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./saccade job} killed with SIGKILL mid-stream and started again: it resumes from its latest checkpoint, so
 * the frames of the clips it was assembling are not lost and no clip's event is written twice.
 */
class JobResumeITCase {
    private static final int STREAMS = 2;
    private static final int FRAMES = 240;
    private static final int T = 16;

    @TempDir
    Path state;

    private Process startJob(EmbeddedKafkaBroker broker, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss2m",
                "-Dai.djl.offline=true",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.saccade.cli.SaccadeCli",
                "job",
                "--bootstrap",
                broker.bootstrapServers(),
                "--mode",
                "motion",
                "--checkpoints",
                state.toString(),
                "--parallelism",
                "1",
                "--set",
                "saccade.topic.frames=resume-frames",
                "--set",
                "saccade.topic.events=resume-events",
                "--set",
                "saccade.topic.dead-letters=resume-dead",
                "--set",
                "saccade.kafka.transactional-id-prefix=resume",
                "--set",
                "saccade.checkpoint.interval=1 s",
                "--set",
                "saccade.clip.quiet-timeout=5 min"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    @Test
    void aKilledJobResumesFromItsCheckpointWithEveryClipOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, "resume-frames", "resume-events", "resume-dead");
            Thread feeder = new Thread(() -> new CommandLine(new SaccadeCli())
                    .execute(
                            "feed",
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--topic",
                            "resume-frames",
                            "--streams",
                            Integer.toString(STREAMS),
                            "--frames",
                            Integer.toString(FRAMES),
                            "--fps",
                            "8",
                            "--realtime"));

            Path log1 = state.resolve("job-1.log");
            Process first = startJob(broker, log1);
            // frames come while the job runs (a busy machine may take a while to start it)
            long started = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < started
                    && !(Files.exists(log1) && Files.readString(log1).contains("events to"))) {
                Thread.sleep(200);
            }
            feeder.start();
            // it says where its REST API is, on localhost, and the API knows the job
            java.util.regex.Matcher rest = java.util.regex.Pattern.compile("REST API at (http://127\\.0\\.0\\.1:\\d+)")
                    .matcher(Files.readString(log1));
            assertThat(rest.find()).as("the REST address in %s", log1).isTrue();
            String overview = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(rest.group(1) + "/jobs/overview"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(overview).contains("\"name\":\"saccade\"");
            // let it decide a few clips (so it has checkpointed), then kill it in the middle of the stream
            List<ClassifiedEvent> before = new ArrayList<>();
            try (CommittedReader<ClassifiedEvent> reader =
                    new CommittedReader<>(broker.bootstrapServers(), "resume-events", ClassifiedEvent.class, false)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (System.nanoTime() < deadline && before.size() < 2 * STREAMS) {
                    reader.poll(Duration.ofMillis(200), before::add);
                }
            }
            assertThat(before).as("events before the kill (log %s)", log1).hasSizeGreaterThanOrEqualTo(2 * STREAMS);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(first.isAlive()).isFalse();
            assertThat(feeder.isAlive())
                    .as("the kill came before the last frame was sent")
                    .isTrue();

            Path log2 = state.resolve("job-2.log");
            Process second = startJob(broker, log2);
            List<ClassifiedEvent> all;
            try {
                feeder.join(120_000);
                all = TestClusters.readEvents(broker, "resume-events", STREAMS * FRAMES, Duration.ofMinutes(3));
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            Map<String, Long> perClip = all.stream()
                    .collect(Collectors.groupingBy(e -> e.getClipId().toString(), Collectors.counting()));
            assertThat(perClip).as("clips (second log %s)", log2).hasSize(STREAMS * FRAMES / T);
            assertThat(perClip).allSatisfy((clip, n) -> assertThat(n).as(clip).isOne());
            assertThat(TestClusters.framesIn(all)).isEqualTo(STREAMS * FRAMES);
            assertThat(Files.readString(log2)).contains("job: resuming from checkpoint " + state);
        }
    }
}
