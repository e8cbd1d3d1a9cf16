package dev.saccade.bench.faults;

import dev.saccade.bench.JpegStreams;
import dev.saccade.bench.JsonReports;
import dev.saccade.broker.BrokerProcess;
import dev.saccade.cluster.ClusterPlan;
import dev.saccade.cluster.ClusterRest;
import dev.saccade.cluster.JobArtifacts;
import dev.saccade.cluster.LocalCluster;
import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.models.bundle.ModelBundle;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * {@code ./saccade bench faults}: the real job on the multi-process cluster ({@code ./saccade cluster}) and a broker in
 * its own process with its data on disk. A fault-free run of a known set of frames gives the reference events; a second
 * run of the same frames, fed over time, kills TaskManagers with {@code kill -9} (restarting them as a supervisor would)
 * and stops and restarts the broker, then compares what was committed with what was fed and with the reference.
 */
public final class FaultsBench {
    /** What to run. */
    public record Settings(
            int kills,
            int brokerRestarts,
            int streams,
            int clipsPerStream,
            String mode,
            String stage,
            int parallelism,
            long seed,
            double feedSeconds,
            long timeoutSeconds,
            Path bundle,
            Path dir,
            boolean keep,
            Map<String, String> overrides) {}

    /** A clip decided by the glance almost never: most go to the focus stage, which the faults then hit too. */
    static final String EXIT_THRESHOLDS = "0.999;0.4;0.4;0.4;0.0";

    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RESTART_SEEN_TIMEOUT = Duration.ofSeconds(90);
    private static final double SUPERVISOR_DELAY_S = 2.0;
    private static final double BROKER_DOWN_S = 5.0;
    private static final double REFRESH_INTERVAL_S = 0.5;

    private final Settings settings;
    private final PrintStream log;

    public FaultsBench(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Map<String, Object> run(Path out) throws Exception {
        long started = System.nanoTime();
        int t = ModelBundle.readManifest(settings.bundle()).clipLength();
        int frames = settings.clipsPerStream() * t;
        List<JpegStreams.Stream> streams = JpegStreams.render("faults", settings.streams(), frames, t, settings.seed());
        List<String> expected = new ArrayList<>();
        for (JpegStreams.Stream st : streams) {
            for (int first = 0; first < frames; first += t) {
                expected.add(st.id() + ":" + first);
            }
        }
        log.printf(
                "faults: %d streams x %d clips of %d frames (%dx%d JPEG), stage %s, state in %s%n",
                streams.size(),
                settings.clipsPerStream(),
                t,
                JpegStreams.WIDTH,
                JpegStreams.HEIGHT,
                settings.stage(),
                settings.dir());
        Files.createDirectories(settings.dir());
        boolean ok = false;
        Map<String, Object> report = new LinkedHashMap<>();
        BrokerProcess broker = null;
        LocalCluster cluster = null;
        try {
            broker = BrokerProcess.start(settings.dir().resolve("broker"), Map.of());
            log.printf(
                    "faults: broker (pid %d) at %s, data in %s%n",
                    broker.pid().orElse(-1L),
                    broker.bootstrapServers(),
                    broker.directory().resolve("data"));
            cluster = new LocalCluster(clusterSettings());
            cluster.up(JobArtifacts.locate(), log);
            long base = System.currentTimeMillis();
            Run reference =
                    new Run("reference", broker, cluster, streams, expected, FaultPlan.of(0, 0, List.of(), 0, 0, 0));
            RunResult clean = reference.execute(0, base);
            FaultPlan plan = FaultPlan.of(
                    settings.kills(),
                    settings.brokerRestarts(),
                    List.of(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM),
                    5,
                    15,
                    settings.seed());
            Run faulty = new Run("faults", broker, cluster, streams, expected, plan);
            RunResult hit = faulty.execute(feedSeconds(plan), base);
            report.putAll(summary(hit, clean));
            report.put("elapsed_s", round1((System.nanoTime() - started) / 1e9));
            report.put("faults", hit.faults());
            report.put("runs", Map.of("reference", clean.details(), "faults", hit.details()));
            report.put("setup", setup(t, broker));
            ok = clean.tally().complete();
        } finally {
            if (cluster != null) {
                cluster.down(false, log);
            }
            if (broker != null) {
                broker.close();
            }
            if (!settings.keep() && ok) {
                deleteTree(settings.dir());
            } else {
                log.println("faults: logs and data kept in " + settings.dir());
            }
        }
        JsonReports.write(out, report);
        return report;
    }

    /** Long enough for every fault to land while frames still flow, unless the user chose. */
    private double feedSeconds(FaultPlan plan) {
        if (settings.feedSeconds() > 0) {
            return settings.feedSeconds();
        }
        return 20 + 40.0 * plan.faults().size();
    }

    private Map<String, Object> summary(RunResult hit, RunResult clean) {
        Map<String, Object> r = new LinkedHashMap<>();
        ClipTally tally = hit.tally();
        r.put("expected_clips", tally.expectedClips());
        r.put("lost_clips", tally.lost().size());
        r.put("duplicate_clips", tally.duplicates().size());
        r.put("kills", hit.kills());
        r.put("broker_restarts", hit.brokerRestarts());
        r.put("job_restarts", hit.restarts());
        List<Double> rec = hit.faults().stream()
                .map(f -> (Double) f.get("recovery_s"))
                .filter(x -> x != null)
                .sorted()
                .toList();
        r.put("recovery_s_p50", rec.isEmpty() ? null : rec.get((rec.size() - 1) / 2));
        r.put("recovery_s_max", rec.isEmpty() ? null : rec.get(rec.size() - 1));
        Map<String, String> differ = tally.differencesFrom(clean.tally());
        r.put("events_differing_from_fault_free", differ.size());
        r.put("differences", differ);
        r.put("lost", tally.lost());
        r.put("duplicates", tally.duplicates());
        r.put("events_for_unfed_clips", tally.unexpected().size());
        r.put("fault_free_clips_seen", clean.tally().seenClips());
        r.put("stage", settings.stage());
        r.put("mode", settings.mode());
        return r;
    }

    private Map<String, Object> setup(int t, BrokerProcess broker) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("streams", settings.streams());
        s.put("clips_per_stream", settings.clipsPerStream());
        s.put("clip_length", t);
        s.put("frame_size", JpegStreams.WIDTH + "x" + JpegStreams.HEIGHT + " JPEG");
        s.put("parallelism", settings.parallelism());
        s.put("partitions", settings.parallelism());
        s.put("exit_thresholds", EXIT_THRESHOLDS);
        s.put("checkpoint_interval", "2 s");
        s.put("supervisor_restart_delay_s", SUPERVISOR_DELAY_S);
        s.put("broker_down_s", BROKER_DOWN_S);
        s.put("broker", "KRaft single node in its own JVM (kafka.Kafka), data on disk");
        s.put("cluster", "JobManager, cpu-tm, gpu-tm: one JVM each (./saccade cluster)");
        s.put("seed", settings.seed());
        s.put("bundle", settings.bundle().toString());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        return s;
    }

    private Configuration clusterSettings() throws IOException {
        Configuration c = new Configuration();
        c.set(LocalClusterOptions.DIR, settings.dir().resolve("cluster").toString());
        c.set(LocalClusterOptions.REST_PORT, freePort());
        c.set(LocalClusterOptions.RPC_PORT, freePort());
        // cpu-tm: io and glance of up to two jobs at parallelism 2; gpu-tm: two focus slots (one GPU index each) and
        // room for a focus job's io
        c.set(LocalClusterOptions.CPU_SLOTS, 2 * settings.parallelism());
        c.setString(LocalClusterOptions.CPU_TM_MEMORY.key(), "3g");
        c.set(LocalClusterOptions.GPU_SLOTS, settings.parallelism() + 1);
        c.setString(LocalClusterOptions.GPU_TM_MEMORY.key(), "2560m");
        c.set(LocalClusterOptions.GPU_INDICES, gpuIndices(settings.parallelism()));
        // a killed TaskManager is noticed when its successor registers, or by heartbeats within 20 s
        c.setString("heartbeat.interval", "2000");
        c.setString("heartbeat.timeout", "20000");
        c.setString("metrics.fetcher.update-interval", "1000");
        // every failure stays in the job's exception history, which the bench counts as its restarts
        c.setString("web.exception-history-size", "100000");
        c.setString("web.refresh-interval", Long.toString((long) (REFRESH_INTERVAL_S * 1000)));
        // restarts never run out: the bench counts them instead
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE));
        c.setString("restart-strategy.fixed-delay.delay", "2 s");
        settings.overrides().forEach((k, v) -> {
            if (!k.startsWith("saccade.") || k.startsWith("saccade.cluster.")) {
                c.setString(k, v);
            }
        });
        return c;
    }

    private static String gpuIndices(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return String.join(",", out);
    }

    /** What one run gave. */
    record RunResult(
            ClipTally tally,
            List<Map<String, Object>> faults,
            int kills,
            int brokerRestarts,
            long restarts,
            Map<String, Object> details) {}

    /** One run: its own topics, its job(s) submitted to the cluster, its frames, its faults. */
    private final class Run {
        private final String name;
        private final BrokerProcess broker;
        private final LocalCluster cluster;
        private final ClusterRest rest;
        private final List<JpegStreams.Stream> streams;
        private final List<String> expected;
        private final FaultPlan plan;

        Run(
                String name,
                BrokerProcess broker,
                LocalCluster cluster,
                List<JpegStreams.Stream> streams,
                List<String> expected,
                FaultPlan plan) {
            this.name = name;
            this.broker = broker;
            this.cluster = cluster;
            this.rest = cluster.rest();
            this.streams = streams;
            this.expected = expected;
            this.plan = plan;
        }

        private String topic(String what) {
            return "faults-" + settings.seed() + "-" + name + "-" + what;
        }

        RunResult execute(double feedSeconds, long captureBase) throws Exception {
            long t0 = System.currentTimeMillis();
            broker.createTopics(
                    settings.parallelism(),
                    topic("frames"),
                    topic("events"),
                    topic("focus-requests"),
                    topic("dead-letters"));
            Map<String, String> jobs = submitJobs();
            log.printf("faults: %s: jobs %s running%n", name, jobs);
            List<Map<String, Object>> done = new ArrayList<>();
            ClipTally tally = new ClipTally(expected);
            List<EventCollector.Seen> seen;
            long restarts = 0;
            try (EventCollector events = new EventCollector(broker.bootstrapServers(), topic("events"))) {
                PacedFeeder feeder =
                        new PacedFeeder(broker.bootstrapServers(), topic("frames"), streams, feedSeconds, captureBase);
                Thread feed = new Thread(feeder, "faults-feed");
                feed.start();
                for (FaultPlan.Fault f : plan.faults()) {
                    sleep(f.pauseSeconds());
                    done.add(inject(f, jobs, events));
                }
                feed.join();
                if (feeder.failure() != null) {
                    throw new IllegalStateException(
                            "Feeding the frames failed, so the run cannot say what was fed: " + feeder.failure(),
                            feeder.failure());
                }
                log.printf("faults: %s: all %d frames fed%n", name, feeder.acked());
                long deadline = System.currentTimeMillis() + settings.timeoutSeconds() * 1000;
                long nextReport = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline && distinct(events.seen()) < expected.size()) {
                    Thread.sleep(500);
                    if (System.currentTimeMillis() >= nextReport) {
                        nextReport += 10_000;
                        log.printf(
                                "faults: %s: %d/%d clips committed%n", name, distinct(events.seen()), expected.size());
                    }
                }
                // three more checkpoints: a clip committed twice would show up now
                Thread.sleep(3 * 2000 + 3000);
                seen = events.seen();
                for (String job : jobs.values()) {
                    restarts += Math.max(0, rest.failures(job));
                }
            }
            for (String job : jobs.values()) {
                cluster.cancel(job);
                rest.awaitJobState(job, DEPLOY_TIMEOUT, "CANCELED");
            }
            seen.forEach(s -> tally.add(s.event()));
            for (Map<String, Object> f : done) {
                long at = (Long) f.get("at_ms");
                seen.stream()
                        .filter(s -> s.atMs() > at)
                        .mapToLong(EventCollector.Seen::atMs)
                        .min()
                        .ifPresent(first -> f.put("first_event_after_s", round1((first - at) / 1000.0)));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("clips_seen", tally.seenClips());
            d.put("events", seen.size());
            d.put("events_by_stage", tally.byStage());
            d.put("job_restarts", restarts);
            d.put("feed_seconds", feedSeconds);
            d.put("seconds", round1((System.currentTimeMillis() - t0) / 1000.0));
            log.printf(
                    "faults: %s: %d/%d clips, %d lost, %d duplicated, %d job restarts, %.0f s%n",
                    name,
                    tally.seenClips(),
                    tally.expectedClips(),
                    tally.lost().size(),
                    tally.duplicates().size(),
                    restarts,
                    (System.currentTimeMillis() - t0) / 1000.0);
            int kills = (int) plan.count(FaultPlan.Kind.KILL_TASK_MANAGER);
            int brokerRestarts = (int) plan.count(FaultPlan.Kind.RESTART_BROKER);
            return new RunResult(tally, done, kills, brokerRestarts, restarts, d);
        }

        private Map<String, Object> inject(FaultPlan.Fault f, Map<String, String> jobs, EventCollector events)
                throws Exception {
            Map<String, Integer> before = new LinkedHashMap<>();
            Set<String> affected = new TreeSet<>();
            for (Map.Entry<String, String> j : jobs.entrySet()) {
                before.put(j.getKey(), rest.failures(j.getValue()));
                boolean hit = f.kind() == FaultPlan.Kind.RESTART_BROKER
                        || rest.taskManagersByVertex(j.getValue()).values().stream()
                                .anyMatch(tms -> tms.contains(f.target()));
                if (hit) {
                    affected.add(j.getKey());
                }
            }
            int clipsBefore = distinct(events.seen());
            long at = System.currentTimeMillis();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", f.kind().name().toLowerCase());
            r.put("target", f.target());
            r.put("at_ms", at);
            r.put("clips_committed_before", clipsBefore);
            if (f.kind() == FaultPlan.Kind.KILL_TASK_MANAGER) {
                long pid = cluster.kill(f.target());
                log.printf(
                        "faults: %s: kill -9 %s (pid %d); jobs running there: %s%n", name, f.target(), pid, affected);
                sleep(SUPERVISOR_DELAY_S);
                cluster.restart(f.target(), log);
            } else {
                log.printf(
                        "faults: %s: stopping the broker (pid %d)%n",
                        name, broker.pid().orElse(-1L));
                broker.stop();
                sleep(BROKER_DOWN_S);
                broker.start();
                log.printf(
                        "faults: %s: broker back (pid %d)%n", name, broker.pid().orElse(-1L));
            }
            long backAt = System.currentTimeMillis();
            List<String> restarted = new ArrayList<>();
            long seenDeadline = System.currentTimeMillis() + RESTART_SEEN_TIMEOUT.toMillis();
            for (String job : affected) {
                String id = jobs.get(job);
                // a broker restart may pass without a job restart (its clients reconnect): wait less for it
                long limit =
                        f.kind() == FaultPlan.Kind.RESTART_BROKER ? System.currentTimeMillis() + 20_000 : seenDeadline;
                while (System.currentTimeMillis() < limit && rest.failures(id) <= before.get(job)) {
                    Thread.sleep(250);
                }
                if (rest.failures(id) > before.get(job)) {
                    restarted.add(job);
                }
                // the JobManager caches a job's details for web.refresh-interval: only a view taken after the
                // restart was seen can say it is over
                sleep(2 * REFRESH_INTERVAL_S);
                rest.awaitAllTasksDeployed(id, DEPLOY_TIMEOUT);
            }
            // no job restarted (its clients reconnected): recovered once the broker answered again, not after the
            // time spent waiting for a restart that never came
            double recovery = (restarted.isEmpty() ? backAt - at : System.currentTimeMillis() - at) / 1000.0;
            r.put("jobs_affected", affected);
            r.put("jobs_restarted", restarted);
            r.put("recovery_s", round1(recovery));
            log.printf(
                    "faults: %s: %s %s: jobs %s restarted, all tasks running again after %.1f s%n",
                    name, f.kind().name().toLowerCase(), f.target(), restarted, recovery);
            return r;
        }

        /** Submits the run's job or jobs; focus first in a split deployment, so its slots take the gpu-tm's GPUs. */
        private Map<String, String> submitJobs() throws Exception {
            Map<String, String> jobs = new LinkedHashMap<>();
            if (settings.stage().equals("split")) {
                jobs.put("focus", submit("focus", 1));
                rest.awaitAllTasksDeployed(jobs.get("focus"), DEPLOY_TIMEOUT);
                jobs.put("glance", submit("glance", 0));
            } else {
                jobs.put("all", submit("all", 1));
            }
            for (String id : jobs.values()) {
                rest.awaitAllTasksDeployed(id, DEPLOY_TIMEOUT);
            }
            return jobs;
        }

        private String submit(String stage, int gpus) throws Exception {
            Map<String, String> set = new LinkedHashMap<>();
            set.put("saccade.slots.sized", "true");
            set.put("saccade.slots.focus-gpus", Integer.toString(gpus));
            set.put("saccade.adaptive.exit-thresholds", EXIT_THRESHOLDS);
            set.put("saccade.focus.batch-size", "4");
            set.put("saccade.topic.frames", topic("frames"));
            set.put("saccade.topic.events", topic("events"));
            set.put("saccade.topic.focus-requests", topic("focus-requests"));
            set.put("saccade.topic.dead-letters", topic("dead-letters"));
            set.put("saccade.kafka.group-id", topic(stage));
            set.put("saccade.kafka.transactional-id-prefix", topic(stage));
            set.put("saccade.checkpoint.interval", "2 s");
            // every clip is whole: a stream paused by a fault must not be flushed as a quiet, partial clip
            set.put("saccade.clip.quiet-timeout", "30 min");
            settings.overrides().forEach((k, v) -> {
                if (k.startsWith("saccade.") && !k.startsWith("saccade.cluster.")) {
                    set.put(k, v);
                }
            });
            List<String> args = new ArrayList<>(List.of(
                    "--bootstrap",
                    broker.bootstrapServers(),
                    "--parallelism",
                    Integer.toString(settings.parallelism()),
                    "--mode",
                    settings.mode(),
                    "--stage",
                    stage,
                    "--model",
                    settings.bundle().toAbsolutePath().toString()));
            set.forEach((k, v) -> {
                args.add("--set");
                args.add(k + "=" + v);
            });
            return cluster.submit(JobArtifacts.locate().jobJar(), args);
        }
    }

    private static int distinct(List<EventCollector.Seen> seen) {
        Set<String> clips = new TreeSet<>();
        seen.forEach(s -> clips.add(s.event().getClipId().toString()));
        return clips.size();
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
