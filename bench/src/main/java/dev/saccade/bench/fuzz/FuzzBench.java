package dev.saccade.bench.fuzz;

import dev.saccade.bench.JpegStreams;
import dev.saccade.bench.JsonReports;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.JobOptions;
import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.ingest.RequestShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code ./saccade bench fuzz}: malformed records, interleaved with good frames of the same streams on the same
 * partitions, against the real job on a local MiniCluster and an embedded broker. Three runs on the same good frames:
 * clean (the reference events), bad frames on the frames topic (the whole adaptive job), and bad requests on the
 * focus-requests topic between a glance job and a focus job (the split deployment).
 */
public final class FuzzBench {
    /** What to run. */
    public record Settings(
            int records,
            int requestRecords,
            int streams,
            int framesPerStream,
            int partitions,
            int parallelism,
            long seed,
            long timeoutSeconds,
            Path bundle,
            Map<String, String> overrides) {}

    /** Frames with larger payloads are OVER_LIMIT: small, so oversized bad records stay cheap to send. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final Settings settings;
    private final Consumer<String> progress;

    public FuzzBench(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Map<String, Object> run(Path out) throws Exception {
        long started = System.nanoTime();
        BundleManifest manifest = ModelBundle.readManifest(settings.bundle());
        int t = manifest.clipLength();
        // whole clips only: every good frame ends up in a clip that completes without waiting for a timeout
        int frames = Math.max(t, settings.framesPerStream() / t * t);
        List<JpegStreams.Stream> streams = JpegStreams.render("fuzz", settings.streams(), frames, t, settings.seed());
        progress.accept("fuzz: rendered " + streams.size() + " streams of " + frames + " frames (" + JpegStreams.WIDTH
                + "x" + JpegStreams.HEIGHT + " JPEG)");
        long base = System.currentTimeMillis();
        Map<String, Object> report = new LinkedHashMap<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            FuzzRun.Result reference = run("clean", broker, streams, t)
                    .runWhole(config(broker, "clean", OperatorOptions.Stage.ALL), base, null, 0);
            FuzzRun.Result fuzzed = run("frames", broker, streams, t)
                    .runWhole(
                            config(broker, "frames", OperatorOptions.Stage.ALL),
                            base,
                            new BadFrames(settings.seed(), MAX_PAYLOAD_BYTES),
                            settings.records());
            FuzzRun.Result requests = run("split", broker, streams, t)
                    .runSplit(
                            config(broker, "split", OperatorOptions.Stage.GLANCE),
                            config(broker, "split", OperatorOptions.Stage.FOCUS),
                            base,
                            new BadRequests(settings.seed(), RequestShape.of(manifest)),
                            settings.requestRecords());
            report.putAll(summary(reference, fuzzed, requests));
            report.put("elapsed_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            report.put("runs", runs(reference, fuzzed, requests));
            report.put("setup", setup(t));
        }
        JsonReports.write(out, report);
        return report;
    }

    private FuzzRun run(String name, EmbeddedKafkaBroker broker, List<JpegStreams.Stream> streams, int t) {
        return new FuzzRun(name, broker, streams, t, settings.partitions(), progress, settings.timeoutSeconds());
    }

    private Map<String, Object> summary(FuzzRun.Result clean, FuzzRun.Result frames, FuzzRun.Result split) {
        Map<String, Object> r = new LinkedHashMap<>();
        int badSent = frames.ledger().size() + split.ledger().size();
        r.put("bad_sent", badSent);
        r.put("bad_sent_frames_topic", frames.ledger().size());
        r.put("bad_sent_focus_requests_topic", split.ledger().size());
        r.put("dead_lettered", frames.deadLetters().size() + split.deadLetters().size());
        Map<String, Integer> byReason = new java.util.TreeMap<>();
        for (FuzzRun.Result res : List.of(frames, split)) {
            res.deadLetters().forEach(d -> byReason.merge(d.getErrorClass().toString(), 1, Integer::sum));
        }
        r.put("by_reason", byReason);
        r.put("good_clips_expected", frames.clipsExpected() + split.clipsExpected());
        r.put("good_clips_seen", frames.clipsSeen() + split.clipsSeen());
        r.put("job_restarts", frames.restarts() + split.restarts());
        List<String> framesDiffer = frames.differencesFrom(clean);
        List<String> splitDiffers = split.differencesFrom(clean);
        r.put("events_equal_to_clean_run", framesDiffer.isEmpty() && splitDiffers.isEmpty());
        r.put("clips_differing_from_clean_run", framesDiffer.size() + splitDiffers.size());
        r.put("clean_run_clips_seen", clean.clipsSeen());
        return r;
    }

    private static Map<String, Object> runs(FuzzRun.Result... results) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (FuzzRun.Result res : results) {
            r.put(res.name(), res.details());
        }
        return r;
    }

    private Map<String, Object> setup(int t) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("streams", settings.streams());
        s.put("frames_per_stream", settings.framesPerStream());
        s.put("frame_size", JpegStreams.WIDTH + "x" + JpegStreams.HEIGHT + " JPEG");
        s.put("clip_length", t);
        s.put("partitions", settings.partitions());
        s.put("parallelism", settings.parallelism());
        s.put("max_payload_bytes", MAX_PAYLOAD_BYTES);
        s.put(
                "frame_faults",
                java.util.Arrays.stream(FrameFault.values()).map(Enum::name).toList());
        s.put(
                "request_faults",
                java.util.Arrays.stream(RequestFault.values()).map(Enum::name).toList());
        s.put("bundle", settings.bundle().toString());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        return s;
    }

    /** The job's configuration for one run: its own topics, and the bench's settings under the user's --set. */
    private Configuration config(EmbeddedKafkaBroker broker, String run, OperatorOptions.Stage stage) {
        String id = "fuzz-" + run + "-" + settings.seed();
        Map<String, String> c = new LinkedHashMap<>();
        c.put(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        c.put(JobOptions.FRAMES_TOPIC.key(), id + "-frames");
        c.put(JobOptions.EVENTS_TOPIC.key(), id + "-events");
        c.put(JobOptions.DEAD_LETTER_TOPIC.key(), id + "-dead-letters");
        c.put(JobOptions.FOCUS_REQUESTS_TOPIC.key(), id + "-focus-requests");
        c.put(JobOptions.GROUP_ID.key(), id + "-" + stage.name().toLowerCase());
        c.put(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), id + "-" + stage.name().toLowerCase());
        c.put(JobOptions.CHECKPOINT_INTERVAL.key(), "2 s");
        c.put(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(settings.parallelism()));
        c.put(OperatorOptions.MODE.key(), "ADAPTIVE");
        c.put(OperatorOptions.STAGE.key(), stage.name());
        c.put(OperatorOptions.MODEL_BUNDLE.key(), settings.bundle().toString());
        c.put(OperatorOptions.MAX_PAYLOAD_BYTES.key(), Integer.toString(MAX_PAYLOAD_BYTES));
        // exit 0 almost never sure: most clips go to the focus stage, so the split run has requests to interleave with
        c.put(OperatorOptions.EXIT_THRESHOLDS.key(), "0.999;0.4;0.4;0.4;0.0");
        c.putAll(settings.overrides());
        return Configuration.fromMap(c);
    }

    static Future<RecordMetadata> send(Producer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** A good frame as a producer writes it. */
    static byte[] goodFrame(JpegStreams.Stream st, int seq, long base) {
        return JpegStreams.frameRecord(st, seq, base);
    }

    static long captureMs(long base, int seq) {
        return base + seq * JpegStreams.FRAME_INTERVAL_MS;
    }
}
