package dev.saccade.bench.live;

import dev.saccade.bench.BenchJob;
import dev.saccade.bench.JsonReports;
import dev.saccade.bench.PipelineBench;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.Producer;

/**
 * {@code ./saccade bench pipeline --live-streams}: the most live streams (320x240, 10 fps by default) each mode's job
 * holds in real time on this machine. One broker and, per mode, one job; after a warm-up, each step feeds a fresh set
 * of streams live for a fixed time and judges it ({@link StepVerdict}); {@link LiveSearch} picks the counts.
 */
public final class LiveStreamsBench {
    /** What to run: modes, Flink parallelism, the bundle, the job's --set overrides and this bench's options. */
    public record Settings(
            List<String> modes,
            int parallelism,
            Path bundle,
            long seed,
            Map<String, String> overrides,
            Configuration options) {}

    /** Distinct rendered streams; live streams beyond them replay one of them from another clip offset. */
    static final int POOL = 16;

    static final int CLIPS_PER_STREAM = 24;

    private final Settings settings;
    private final Consumer<String> progress;
    private final double fps;
    private final long stepMs;
    private final long settleMs;
    private final long boundMs;
    private final long lagMarginMs;
    private final long abortLagMs;
    private final long drainMs;

    public LiveStreamsBench(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        Configuration o = settings.options();
        fps = o.get(LiveStreamsOptions.FPS);
        stepMs = o.get(LiveStreamsOptions.STEP_DURATION).toMillis();
        settleMs = o.get(LiveStreamsOptions.SETTLE).toMillis();
        boundMs = o.get(LiveStreamsOptions.LATENCY_BOUND).toMillis();
        lagMarginMs = o.get(LiveStreamsOptions.LAG_MARGIN).toMillis();
        abortLagMs = o.get(LiveStreamsOptions.ABORT_LAG).toMillis();
        drainMs = o.get(LiveStreamsOptions.DRAIN).toMillis();
    }

    public Map<String, Object> run(Path out) throws Exception {
        int t = dev.saccade.models.bundle.ModelBundle.readManifest(settings.bundle())
                .clipLength();
        Configuration o = settings.options();
        int pool = Math.min(POOL, o.get(LiveStreamsOptions.MAX_STREAMS));
        List<PipelineBench.Stream> streams = PipelineBench.render(pool, CLIPS_PER_STREAM, t, settings.seed(), progress);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("setup", setup(t, pool));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            for (String mode : settings.modes()) {
                Map<String, Object> result = new LinkedHashMap<>();
                report.put(mode, result);
                runMode(broker, mode, streams, t, result, () -> JsonReports.write(out, report));
                JsonReports.write(out, report);
            }
        }
        JsonReports.write(out, report);
        return report;
    }

    /** Writes the report so far: a search cut short by a timeout still leaves its steps. */
    @FunctionalInterface
    private interface Checkpoint {
        void write() throws java.io.IOException;
    }

    private void runMode(
            EmbeddedKafkaBroker broker,
            String mode,
            List<PipelineBench.Stream> streams,
            int t,
            Map<String, Object> result,
            Checkpoint checkpoint)
            throws Exception {
        long deadline = System.nanoTime()
                + settings.options().get(LiveStreamsOptions.TIME_BUDGET).toNanos();
        String topic = "live-frames-" + mode + "-" + System.currentTimeMillis();
        broker.createTopics(4, topic);
        progress.accept("bench: " + mode + ": starting the job");
        BenchJob.Started job =
                BenchJob.start(broker, topic, mode, settings.parallelism(), settings.bundle(), settings.overrides());
        List<Map<String, Object>> steps = new ArrayList<>();
        StepRouter router = new StepRouter();
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers());
                ArrivalReader reader = new ArrivalReader(
                        broker.bootstrapServers(), job.settings().eventsTopic(), router::decided)) {
            reader.start();
            LiveFeeder feeder = new LiveFeeder(producer, topic, streams, t);
            int start = settings.options().get(LiveStreamsOptions.START_STREAMS);
            long warmupMs = settings.options().get(LiveStreamsOptions.WARMUP).toMillis();
            long[] longestStepNs = {0};
            if (warmupMs > 0) {
                progress.accept("bench: " + mode + ": warm-up, " + start + " streams for " + warmupMs / 1000 + " s");
                Map<String, Object> warm = step(feeder, router, start, warmupMs, false);
                result.put("warmup", warm);
                progress.accept("bench: " + mode + ": warm-up " + warm);
            }
            int[] stepNo = {0};
            LiveSearch search = new LiveSearch(
                    start,
                    settings.options().get(LiveStreamsOptions.MAX_STREAMS),
                    () -> System.nanoTime() + Math.max(longestStepNs[0], (stepMs + settleMs) * 1_000_000L) < deadline);
            LiveSearch.Outcome outcome = search.run(n -> {
                long began = System.nanoTime();
                progress.accept("bench: " + mode + ": step " + (stepNo[0] + 1) + ", " + n + " streams live at " + fps
                        + " fps for " + stepMs / 1000 + " s");
                stepNo[0]++;
                Map<String, Object> s = step(feeder, router, n, stepMs, true);
                longestStepNs[0] = Math.max(longestStepNs[0], System.nanoTime() - began);
                steps.add(s);
                result.put("steps", steps);
                progress.accept("bench: " + mode + ": " + s);
                checkpoint.write();
                return (Boolean) s.get("held");
            });
            result.put("max_live_streams", outcome.maxHeld());
            Map<String, Object> atMax = steps.stream()
                    .filter(s -> (Boolean) s.get("held") && (Integer) s.get("streams") == outcome.maxHeld())
                    .reduce((a, b) -> b)
                    .orElse(Map.of());
            result.put("latency_ms_p99", atMax.get("latency_ms_p99"));
            result.put("latency_ms_p50", atMax.get("latency_ms_p50"));
            result.put("frames_per_s_decided", atMax.get("frames_per_s_decided"));
            result.put("fewest_streams_not_held", outcome.fewestFailed() == 0 ? null : outcome.fewestFailed());
            result.put("search_complete", outcome.complete());
            result.put("steps", steps);
            progress.accept("bench: " + mode + ": holds " + outcome.maxHeld() + " live streams (p99 "
                    + atMax.get("latency_ms_p99") + " ms), "
                    + (outcome.fewestFailed() == 0 ? "every count tried held" : outcome.fewestFailed() + " not"));
        } finally {
            job.client().cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * One step: feed streams 0..n-1, wait for their decisions (bounded), judge. The warm-up is not abortable: its
     * first clips wait for the job's models to load and its code to compile, which is what it is there to absorb.
     */
    private Map<String, Object> step(LiveFeeder feeder, StepRouter router, int n, long durationMs, boolean abortable) {
        ClipLedger ledger = new ClipLedger();
        router.route(ledger);
        boolean[] aborted = {false};
        MachineLoad.Snapshot before = MachineLoad.now();
        long feedStart = System.currentTimeMillis();
        long sent = feeder.feed(n, fps, durationMs, ledger, () -> {
            long oldest = ledger.oldestUndecidedCaptureMs();
            aborted[0] = abortable && oldest >= 0 && System.currentTimeMillis() - oldest > abortLagMs;
            return aborted[0];
        });
        long feedEnd = System.currentTimeMillis();
        MachineLoad.Snapshot after = MachineLoad.now();
        long drainUntil = feedEnd + drainMs;
        while (ledger.oldestUndecidedCaptureMs() >= 0 && System.currentTimeMillis() < drainUntil) {
            sleep(100);
        }
        long measuredFrom = feedStart + settleMs;
        long offered = Math.max(0, Math.round((feedEnd - measuredFrom) / 1000.0 * fps * n));
        Map<String, Object> r = StepVerdict.judge(
                n, ledger.entries(), measuredFrom, feedEnd, offered, aborted[0], boundMs, lagMarginMs);
        r.put("fed_seconds", (feedEnd - feedStart) / 1000.0);
        r.put("frames_fed", sent);
        r.put("accuracy", accuracy(feeder, ledger));
        r.put("latency_ms_p99_by_5s", StepVerdict.p99ByWindow(ledger.entries(), feedStart, 5000));
        r.put("latency_ms_p99_settle_included", StepVerdict.p99(ledger.entries()));
        r.put("drained_seconds", (System.currentTimeMillis() - feedEnd) / 1000.0);
        r.put("machine_busy_cores", MachineLoad.machineCores(before, after));
        r.put("process_busy_cores", MachineLoad.processCores(before, after));
        return r;
    }

    /** Decided clips whose label is the generator's. */
    private static Double accuracy(LiveFeeder feeder, ClipLedger ledger) {
        int decided = 0;
        int correct = 0;
        for (ClipLedger.Entry e : ledger.entries()) {
            if (e.arrivalMs >= 0) {
                decided++;
                int stream = LiveFeeder.index(e.streamId);
                if (feeder.label(stream, e.firstSequence).equals(e.label)) {
                    correct++;
                }
            }
        }
        return decided == 0 ? null : (double) correct / decided;
    }

    private Map<String, Object> setup(int t, int pool) {
        Configuration o = settings.options();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("frame_size", "320x240");
        s.put("fps_per_stream", fps);
        s.put("clip_length", t);
        s.put("step_seconds", stepMs / 1000.0);
        s.put("settle_seconds", settleMs / 1000.0);
        s.put("warmup_seconds", o.get(LiveStreamsOptions.WARMUP).toMillis() / 1000.0);
        s.put("latency_bound_ms", boundMs);
        s.put("lag_margin_ms", lagMarginMs);
        s.put("abort_lag_ms", abortLagMs);
        s.put(
                "latency",
                "capture time of the clip's last frame (the feeder's System.currentTimeMillis(), in the frame record) "
                        + "to the arrival of the clip's event at a read_uncommitted consumer in the same process "
                        + "(same clock); read_committed readers see it at the next checkpoint on top");
        s.put("distinct_streams_rendered", pool);
        s.put("parallelism", settings.parallelism());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("time_budget_s_per_mode", o.get(LiveStreamsOptions.TIME_BUDGET).toSeconds());
        s.put("bundle", settings.bundle().toString());
        return s;
    }

    /**
     * Hands each arriving event to the current step's ledger; a late event of an earlier step finds no clip of its
     * stream and sequence there (sequences go on across steps) and is left out.
     */
    private static final class StepRouter {
        private volatile ClipLedger ledger;

        void route(ClipLedger ledger) {
            this.ledger = ledger;
        }

        void decided(ClassifiedEvent e, long arrivalMs) {
            ClipLedger l = ledger;
            if (l != null) {
                l.decided(
                        e.getStreamId().toString(),
                        e.getFirstSequence(),
                        arrivalMs,
                        e.getLabel().toString());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
