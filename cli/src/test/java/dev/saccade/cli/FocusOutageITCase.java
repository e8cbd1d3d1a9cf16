package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The split deployment with its focus pool down: the glance job goes on, focus requests wait in Kafka, and when the
 * focus job comes back the backlog drains; every clip has exactly one event.
 */
class FocusOutageITCase {
    private static final int STREAMS = 2;
    private static final int FRAMES = 48;
    private static final int T = 8;

    private static Configuration conf(EmbeddedKafkaBroker broker, String stage) {
        Configuration c = new Configuration();
        c.set(JobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        c.set(JobOptions.FRAMES_TOPIC, "outage-frames");
        c.set(JobOptions.EVENTS_TOPIC, "outage-events");
        c.set(JobOptions.DEAD_LETTER_TOPIC, "outage-dead");
        c.set(JobOptions.FOCUS_REQUESTS_TOPIC, "outage-requests");
        c.set(JobOptions.TRANSACTIONAL_ID_PREFIX, "outage-" + stage);
        c.set(JobOptions.GROUP_ID, "outage-" + stage);
        c.setString(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        c.set(OperatorOptions.MODE, OperatorOptions.Mode.ADAPTIVE);
        c.setString(OperatorOptions.STAGE.key(), stage);
        c.set(OperatorOptions.MODEL_BUNDLE, "../models/bundle");
        // never confident at the glance: every moving clip needs the focus stage
        c.set(OperatorOptions.EXIT_THRESHOLDS, List.of(2.0, 0.97, 0.97, 0.97, 0.0));
        c.set(OperatorOptions.CLIP_QUIET_TIMEOUT, Duration.ofMinutes(5));
        c.setString("parallelism.default", "1");
        return c;
    }

    @Test
    void focusRequestsWaitInKafkaWhileTheFocusPoolIsDownAndDrainWhenItReturns() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, "outage-frames", "outage-events", "outage-dead", "outage-requests");
            int rc = new CommandLine(new SaccadeCli())
                    .execute(
                            "feed",
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--topic",
                            "outage-frames",
                            "--streams",
                            Integer.toString(STREAMS),
                            "--frames",
                            Integer.toString(FRAMES));
            assertThat(rc).isZero();
            int clips = STREAMS * FRAMES / T;

            Configuration glanceConf = conf(broker, "glance");
            JobClient glance = SaccadeJob.start(glanceConf, JobSettings.from(glanceConf));
            List<FocusRequest> waiting = new ArrayList<>();
            List<ClassifiedEvent> events = new ArrayList<>();
            try (CommittedReader<FocusRequest> requests = new CommittedReader<>(
                            broker.bootstrapServers(), "outage-requests", FocusRequest.class, false);
                    CommittedReader<ClassifiedEvent> decided = new CommittedReader<>(
                            broker.bootstrapServers(), "outage-events", ClassifiedEvent.class, false)) {
                // the focus pool is down: the glance job decides what it can and leaves the rest in Kafka
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (System.nanoTime() < deadline && waiting.size() + events.size() < clips) {
                    requests.poll(Duration.ofMillis(300), waiting::add);
                    decided.poll(Duration.ofMillis(300), events::add);
                }
                assertThat(waiting.size() + events.size()).isEqualTo(clips);
                assertThat(waiting).as("clips that need the focus stage").isNotEmpty();
                assertThat(events).extracting(e -> e.getStage().toString()).doesNotContain("focus-1", "focus-4");

                // a while later the focus pool is back
                Thread.sleep(5_000);
                Configuration focusConf = conf(broker, "focus");
                JobClient focus = SaccadeJob.start(focusConf, JobSettings.from(focusConf));
                try {
                    deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while (System.nanoTime() < deadline && events.size() < clips) {
                        decided.poll(Duration.ofMillis(300), events::add);
                    }
                    long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < settle) {
                        decided.poll(Duration.ofMillis(300), events::add);
                    }
                } finally {
                    focus.cancel().get(30, TimeUnit.SECONDS);
                }
            } finally {
                glance.cancel().get(30, TimeUnit.SECONDS);
            }

            Map<String, Long> perClip = events.stream()
                    .collect(Collectors.groupingBy(e -> e.getClipId().toString(), Collectors.counting()));
            assertThat(perClip)
                    .hasSize(clips)
                    .allSatisfy((clip, n) -> assertThat(n).as(clip).isOne());
            Map<String, ClassifiedEvent> byClip =
                    events.stream().collect(Collectors.toMap(e -> e.getClipId().toString(), Function.identity()));
            for (FocusRequest r : waiting) {
                ClassifiedEvent e = byClip.get(r.getClipId().toString());
                assertThat(e.getStage().toString()).as(r.getClipId().toString()).startsWith("focus-");
                assertThat(e.getDegraded()).isFalse();
            }
        }
    }
}
