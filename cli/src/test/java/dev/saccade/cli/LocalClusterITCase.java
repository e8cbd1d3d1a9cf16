package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.cluster.ClusterPlan;
import dev.saccade.cluster.ClusterRest;
import dev.saccade.cluster.JobArtifacts;
import dev.saccade.cluster.LocalCluster;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code ./saccade cluster} for real: a JobManager and two TaskManagers as separate JVMs, the shaded job jar submitted
 * against an in-process Kafka broker, cancelled and submitted again on the same TaskManagers, then everything stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterITCase {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int STREAMS = 2;
    private static final int FRAMES_PER_STREAM = 24;
    // the job's two slot sharing groups (io, glance) at this parallelism take every slot of both TaskManagers: both run
    // each submission, so the resubmission meets a TaskManager that already loaded the job's native libraries (OpenCV
    // through JavaCPP) for the cancelled one
    private static final int PARALLELISM = 2;

    private static EmbeddedKafkaBroker broker;
    private static LocalCluster cluster;
    private static ClusterRest rest;
    private static Map<String, Long> pids;
    private static final List<Set<String>> taskManagersPerRun = new ArrayList<>();

    @BeforeAll
    static void startBrokerAndCluster() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        cluster = TestClusters.start("local-cluster-it", new Configuration());
        rest = cluster.rest();
        pids = cluster.pids();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        TestClusters.stop(cluster, broker);
    }

    @Test
    @Order(1)
    void startsThreeJvmsAndOnlyTheGpuTaskManagerAdvertisesGpu() throws Exception {
        assertThat(pids).containsOnlyKeys(ClusterPlan.JOBMANAGER, ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
        assertThat(new HashSet<>(pids.values()))
                .hasSize(3)
                .doesNotContain(ProcessHandle.current().pid());
        assertThat(commandLine(ClusterPlan.JOBMANAGER)).contains(ClusterPlan.JOBMANAGER_MAIN);
        assertThat(commandLine(ClusterPlan.GPU_TM))
                .contains(ClusterPlan.TASKMANAGER_MAIN, "-Xss2m", "-Dai.djl.offline=true");

        Map<String, ClusterRest.TaskManager> tms =
                rest.taskManagers().stream().collect(Collectors.toMap(ClusterRest.TaskManager::id, tm -> tm));
        assertThat(tms).containsOnlyKeys(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
        assertThat(tms.get(ClusterPlan.GPU_TM).extendedResources()).containsExactly(Map.entry(ClusterPlan.GPU, 1.0));
        assertThat(tms.get(ClusterPlan.CPU_TM).extendedResources()).containsOnlyKeys("cpu-pool");
        assertThat(tms.values()).allSatisfy(tm -> assertThat(tm.slots()).isEqualTo(2));
        assertThat(rest.taskManagersAdvertising(ClusterPlan.GPU)).containsExactly(ClusterPlan.GPU_TM);
        assertThat(cluster.status().running()).isTrue();
    }

    @Test
    @Order(2)
    void slotsRequestingGpuRunOnTheGpuTaskManagerOnly() throws Exception {
        // only Flink's own classes, so no jar to ship: a slot sharing group per role, the focus one asking for the gpu
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                "localhost", cluster.plan().restPort(), new Configuration());
        SlotSharingGroup io = SlotSharingGroup.newBuilder("io")
                .setCpuCores(0.5)
                .setTaskHeapMemoryMB(32)
                .build();
        SlotSharingGroup focus = SlotSharingGroup.newBuilder("focus")
                .setCpuCores(0.5)
                .setTaskHeapMemoryMB(32)
                .setExternalResource(ClusterPlan.GPU, 1)
                .build();
        env.fromSequence(1, 10_000)
                .name("frames")
                .slotSharingGroup(io)
                .setParallelism(2)
                .rebalance()
                .sinkTo(new DiscardingSink<>())
                .name("focus")
                .slotSharingGroup(focus)
                .setParallelism(1);
        JobClient job = env.executeAsync("gpu-placement");
        job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String id = job.getJobID().toHexString();

        ClusterRest.Placement placement = rest.placement(id, "focus", ClusterPlan.GPU);
        assertThat(placement.operatorTaskManagers()).containsExactly(ClusterPlan.GPU_TM);
        assertThat(placement.onlyOnResource()).isTrue();
        // not asserted: resourceExclusive(). Flink may put the io slots on gpu-tm too while it has room (see README)
        assertThat(placement.otherTaskManagers()).isNotEmpty().isSubsetOf(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
    }

    @Test
    @Order(3)
    void jobRunsExactlyOnceAndRunsAgainAfterCancelOnTheSameTaskManagers() throws Exception {
        try (ZipFile jar = new ZipFile(JobArtifacts.locate().jobJar().toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName))
                    .as("native-loading libraries come from the cluster, never from the job jar")
                    .noneMatch(n -> n.startsWith("ai/djl/")
                            || n.startsWith("org/bytedeco/")
                            || n.startsWith("ai/onnxruntime/")
                            || n.startsWith("com/sun/jna/"));
        }
        String first = runMotionJobAndCheckEvents("first");
        cluster.cancel(first);
        rest.awaitJobState(first, WAIT, "CANCELED");

        // same jar, same TaskManagers, a new user-code classloader on each: the native libraries must not load twice
        String second = runMotionJobAndCheckEvents("second");
        assertThat(second).isNotEqualTo(first);
        assertThat(taskManagersPerRun.get(1))
                .as("TaskManagers of the resubmitted job")
                .containsAll(taskManagersPerRun.get(0));
        cluster.cancel(second);
        rest.awaitJobState(second, WAIT, "CANCELED");
        for (String tm : List.of(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM)) {
            assertThat(Files.readString(cluster.plan().logFile(tm)))
                    .as("log of %s", tm)
                    .doesNotContain("already loaded in another classloader");
        }
    }

    @Test
    @Order(4)
    void downStopsEveryProcess() throws Exception {
        assertThat(cluster.down(false, System.err))
                .containsExactly(ClusterPlan.JOBMANAGER, ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            assertThat(ProcessHandle.of(p.getValue())
                            .map(ProcessHandle::isAlive)
                            .orElse(false))
                    .as("%s (pid %d) is gone", p.getKey(), p.getValue())
                    .isFalse();
        }
        assertThat(cluster.status().stopped()).isTrue();
        assertThat(cluster.pids()).isEmpty();
        assertThat(cluster.plan().pidFile(ClusterPlan.JOBMANAGER)).doesNotExist();
        assertThat(cluster.plan().logFile(ClusterPlan.GPU_TM)).exists();
    }

    private String runMotionJobAndCheckEvents(String run) throws Exception {
        String frames = "frames-" + run;
        String events = "events-" + run;
        broker.createTopics(PARALLELISM, frames, events, "dead-" + run);
        String jobId = cluster.submit(
                JobArtifacts.locate().jobJar(),
                List.of(
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--parallelism",
                        Integer.toString(PARALLELISM),
                        "--mode",
                        "motion",
                        "--set",
                        "saccade.topic.frames=" + frames,
                        "--set",
                        "saccade.topic.events=" + events,
                        "--set",
                        "saccade.topic.dead-letters=dead-" + run,
                        "--set",
                        "saccade.kafka.group-id=it-" + run,
                        "--set",
                        "saccade.kafka.transactional-id-prefix=it-" + run,
                        "--set",
                        "saccade.checkpoint.interval=1 s",
                        "--set",
                        "saccade.clip.length=8",
                        "--set",
                        "saccade.clip.quiet-timeout=2 s"));
        rest.awaitAllTasksDeployed(jobId, WAIT);

        int rc = new CommandLine(new SaccadeCli())
                .execute(
                        "feed",
                        "--bootstrap",
                        broker.bootstrapServers(),
                        "--topic",
                        frames,
                        "--streams",
                        Integer.toString(STREAMS),
                        "--frames",
                        Integer.toString(FRAMES_PER_STREAM),
                        "--width",
                        "96",
                        "--height",
                        "72");
        assertThat(rc).as("feed exit code").isZero();

        List<ClassifiedEvent> got = TestClusters.readEvents(broker, events, STREAMS * FRAMES_PER_STREAM, WAIT);
        assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
        assertEveryFrameInExactlyOneClip(got);

        Map<String, Set<String>> placement = rest.taskManagersByVertex(jobId);
        Set<String> used = new TreeSet<>();
        placement.values().forEach(used::addAll);
        assertThat(used)
                .as("TaskManagers that ran %s", placement)
                .containsExactlyInAnyOrder(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
        taskManagersPerRun.add(used);
        return jobId;
    }

    private static void assertEveryFrameInExactlyOneClip(List<ClassifiedEvent> events) {
        Set<String> clipIds = new HashSet<>();
        for (ClassifiedEvent e : events) {
            assertThat(clipIds.add(e.getClipId()))
                    .as("clip %s delivered once under read_committed", e.getClipId())
                    .isTrue();
            assertThat(e.getLabel()).isIn("static", "motion");
            assertThat(e.getStage()).isEqualTo("motion");
        }
        for (int s = 0; s < STREAMS; s++) {
            String stream = "cam-" + s;
            List<ClassifiedEvent> mine = events.stream()
                    .filter(e -> e.getStreamId().equals(stream))
                    .sorted((a, b) -> Long.compare(a.getFirstSequence(), b.getFirstSequence()))
                    .toList();
            assertThat(mine).as("events of %s", stream).isNotEmpty();
            assertThat(framesIn(mine)).as("frames of %s in its events", stream).isEqualTo(FRAMES_PER_STREAM);
            assertThat(mine.get(0).getFirstSequence()).isZero();
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).getFirstSequence())
                        .as("clips of %s follow each other", stream)
                        .isEqualTo(mine.get(i - 1).getLastSequence() + 1);
            }
            assertThat(mine.get(mine.size() - 1).getLastSequence()).isEqualTo(FRAMES_PER_STREAM - 1);
        }
    }

    private static int framesIn(Collection<ClassifiedEvent> events) {
        return TestClusters.framesIn(events);
    }

    private static String commandLine(String process) {
        return ProcessHandle.of(pids.get(process))
                .flatMap(h -> h.info().commandLine())
                .orElse("");
    }
}
