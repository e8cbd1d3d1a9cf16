package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.cluster.ClusterPlan;
import dev.saccade.cluster.ClusterRest;
import dev.saccade.cluster.JobArtifacts;
import dev.saccade.cluster.LocalCluster;
import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The adaptive job with the shipped bundle on the multi-process cluster, sized slot groups: focus runs on the
 * TaskManager advertising gpu and nothing else does, events arrive exactly once, and after a cancel the split
 * deployment (a glance job and a focus job on the same TaskManagers, DJL already loaded there) gives the same events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdaptiveClusterITCase {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int STREAMS = 3;
    private static final int FRAMES_PER_STREAM = 32;
    private static final int PARALLELISM = 2;
    /** Never confident at the glance, strict focus exits: every moving clip goes through focus. */
    private static final String FOCUS_EVERYTHING = "2.0;0.97;0.97;0.97;0.0";

    private static EmbeddedKafkaBroker broker;
    private static LocalCluster cluster;
    private static ClusterRest rest;
    private static Map<String, ClassifiedEvent> wholeJobEvents;

    @BeforeAll
    static void startBrokerAndCluster() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        // cpu-tm: io (0.25 core) and glance (1 core) of two jobs at parallelism 2; gpu-tm: two focus slots, each asking
        // for one of its two GPUs and a core, plus room for a focus job's io
        Configuration settings = new Configuration();
        settings.set(LocalClusterOptions.CPU_SLOTS, 4);
        settings.setString(LocalClusterOptions.CPU_TM_MEMORY.key(), "3g");
        settings.set(LocalClusterOptions.GPU_SLOTS, 3);
        settings.setString(LocalClusterOptions.GPU_TM_MEMORY.key(), "2560m");
        settings.set(LocalClusterOptions.GPU_INDICES, "0,1");
        cluster = TestClusters.start("adaptive-cluster-it", settings);
        rest = cluster.rest();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        TestClusters.stop(cluster, broker);
    }

    @Test
    @Order(1)
    void wholeJobRunsFocusOnlyOnTheGpuTaskManagerAndNothingElseThere() throws Exception {
        String run = "all";
        topics(run);
        String job = submit(run, "all", 1);
        rest.awaitAllTasksDeployed(job, WAIT);

        ClusterRest.Placement placement = rest.placement(job, "focus", ClusterPlan.GPU);
        assertThat(placement.operatorTaskManagers()).as("focus ran on").containsExactly(ClusterPlan.GPU_TM);
        assertThat(placement.onlyOnResource()).isTrue();
        assertThat(placement.otherTaskManagers())
                .as("every other vertex ran on")
                .containsExactly(ClusterPlan.CPU_TM);
        assertThat(placement.resourceExclusive()).isTrue();

        feed(run);
        List<ClassifiedEvent> events = readEvents(run);
        assertThat(rest.jobState(job)).isEqualTo("RUNNING");
        wholeJobEvents = exactlyOnePerClip(events);
        assertThat(wholeJobEvents.values())
                .extracting(e -> e.getStage().toString())
                .as("the strict thresholds send moving clips through focus")
                .anyMatch(s -> s.startsWith("focus-"));
        assertThat(wholeJobEvents.values()).allSatisfy(e -> {
            assertThat(e.getStage().toString()).isIn("motion", "glance", "focus-1", "focus-2", "focus-3", "focus-4");
            assertThat(e.getModelVersion().toString()).startsWith("synthetic-");
        });

        cluster.cancel(job);
        rest.awaitJobState(job, WAIT, "CANCELED");
    }

    @Test
    @Order(2)
    void splitGlanceAndFocusJobsGiveTheSameEventsOnTheSameTaskManagers() throws Exception {
        assertThat(wholeJobEvents).as("the whole job's events to compare with").isNotNull();
        String run = "split";
        topics(run);
        // focus first: its two slots take the gpu-tm's GPUs before the glance job's slots spread over the cluster
        String focusJob = submit(run, "focus", 1);
        rest.awaitAllTasksDeployed(focusJob, WAIT);
        String glanceJob = submit(run, "glance", 0);
        rest.awaitAllTasksDeployed(glanceJob, WAIT);
        assertThat(rest.taskManagersRunning(focusJob, "focus")).containsExactly(ClusterPlan.GPU_TM);

        feed(run);
        Map<String, ClassifiedEvent> split = exactlyOnePerClip(readEvents(run));
        assertThat(split.keySet()).isEqualTo(wholeJobEvents.keySet());
        for (Map.Entry<String, ClassifiedEvent> e : wholeJobEvents.entrySet()) {
            ClassifiedEvent a = e.getValue();
            ClassifiedEvent b = split.get(e.getKey());
            assertThat(b.getStage()).as(e.getKey()).isEqualTo(a.getStage());
            assertThat(b.getLabel()).as(e.getKey()).isEqualTo(a.getLabel());
            assertThat(b.getPatches()).as(e.getKey()).isEqualTo(a.getPatches());
        }
        assertThat(rest.jobState(focusJob)).isEqualTo("RUNNING");
        assertThat(rest.jobState(glanceJob)).isEqualTo("RUNNING");
        cluster.cancel(glanceJob);
        cluster.cancel(focusJob);
        rest.awaitJobState(glanceJob, WAIT, "CANCELED");
        rest.awaitJobState(focusJob, WAIT, "CANCELED");

        // the second and third jobs met TaskManagers where the first had loaded libtorch and OpenCV
        for (String tm : List.of(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM)) {
            assertThat(Files.readString(cluster.plan().logFile(tm)))
                    .as("log of %s", tm)
                    .doesNotContain("already loaded in another classloader");
        }
    }

    private static void topics(String run) throws Exception {
        broker.createTopics(PARALLELISM, "frames-" + run, "events-" + run, "focus-" + run, "dead-" + run);
    }

    private static String submit(String run, String stage, int gpus) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap",
                broker.bootstrapServers(),
                "--parallelism",
                Integer.toString(PARALLELISM),
                "--mode",
                "adaptive",
                "--stage",
                stage,
                "--model",
                Path.of("..", "models", "bundle").toAbsolutePath().normalize().toString(),
                "--set",
                "saccade.slots.sized=true",
                "--set",
                "saccade.slots.focus-gpus=" + gpus,
                "--set",
                "saccade.adaptive.exit-thresholds=" + FOCUS_EVERYTHING,
                "--set",
                "saccade.focus.batch-size=4",
                "--set",
                "saccade.topic.frames=frames-" + run,
                "--set",
                "saccade.topic.events=events-" + run,
                "--set",
                "saccade.topic.focus-requests=focus-" + run,
                "--set",
                "saccade.topic.dead-letters=dead-" + run,
                "--set",
                "saccade.kafka.group-id=it-" + run + "-" + stage,
                "--set",
                "saccade.kafka.transactional-id-prefix=it-" + run + "-" + stage,
                "--set",
                "saccade.checkpoint.interval=1 s",
                // every clip is complete: a busy machine must not turn a slow subtask into a quiet stream
                "--set",
                "saccade.clip.quiet-timeout=5 min"));
        return cluster.submit(JobArtifacts.locate().jobJar(), args);
    }

    private static void feed(String run) {
        int rc = new CommandLine(new SaccadeCli())
                .execute(
                        "feed",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic",
                        "frames-" + run,
                        "--streams",
                        Integer.toString(STREAMS),
                        "--frames",
                        Integer.toString(FRAMES_PER_STREAM),
                        "--seed",
                        "7");
        assertThat(rc).as("feed exit code").isZero();
    }

    private static List<ClassifiedEvent> readEvents(String run) throws Exception {
        List<ClassifiedEvent> got = TestClusters.readEvents(broker, "events-" + run, STREAMS * FRAMES_PER_STREAM, WAIT);
        assertThat(TestClusters.framesIn(got))
                .as("frames covered by the events")
                .isEqualTo(STREAMS * FRAMES_PER_STREAM);
        return got;
    }

    private static Map<String, ClassifiedEvent> exactlyOnePerClip(List<ClassifiedEvent> events) {
        Map<String, ClassifiedEvent> byClip = new HashMap<>();
        for (ClassifiedEvent e : events) {
            assertThat(byClip.put(e.getClipId().toString(), e))
                    .as("clip %s delivered once under read_committed", e.getClipId())
                    .isNull();
        }
        assertThat(byClip).hasSize(STREAMS * FRAMES_PER_STREAM / 8);
        return byClip;
    }
}
