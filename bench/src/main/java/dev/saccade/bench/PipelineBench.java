package dev.saccade.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.bench.soak.ProcessSample;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.JobSettings;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.models.engine.Inference;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./saccade bench pipeline}: the same synthetic streams (same seeds, pre-rendered once) through one real broker
 * into the real job, once per mode, one mode after the other in this process. Each mode first drains a backlog of
 * frames already in the topic (capacity: steady-state frames/s after the first fifth of its decisions, with no feeder
 * competing for the cores), then the streams go on
 * live at a rate both modes can sustain (capture-to-decision latency). RSS is this whole process (broker, Flink,
 * models, native memory), sampled while the mode runs.
 */
public final class PipelineBench {
    /** What to run. */
    public record Settings(
            int streams,
            long durationSeconds,
            List<String> modes,
            double fpsPerStream,
            int clipsPerStream,
            int backlogClipsPerStream,
            long seed,
            int parallelism,
            long drainSeconds,
            Path bundle,
            Map<String, String> overrides,
            Path jfr) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final Consumer<String> progress;

    public PipelineBench(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Pre-rendered frames of one stream, JPEG-encoded once, with each clip's label. */
    public record Stream(String id, byte[][] jpegs, String[] clipLabels, int width, int height) {}

    public Map<String, Object> run(Path out) throws Exception {
        int t = dev.saccade.models.bundle.ModelBundle.readManifest(settings.bundle())
                .clipLength();
        List<Stream> streams = render(t);
        Map<String, Object> report = new LinkedHashMap<>();
        // dense mode runs the configured implementation (default: ONNX Runtime, the fastest one-thread dense
        // implementation in bench dense); the variants are timed after the modes, so their memory is in no mode's RSS
        Map<String, String> denseOverrides = settings.overrides();
        String denseImplementation = denseOverrides.getOrDefault(
                OperatorOptions.DENSE_IMPLEMENTATION.key(),
                OperatorOptions.DENSE_IMPLEMENTATION.defaultValue().name());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            for (String mode : settings.modes()) {
                // the same records for every mode, each in its own topic: one mode's live phase is not the next one's
                // backlog
                String framesTopic = "bench-frames-" + mode + "-" + System.currentTimeMillis();
                broker.createTopics(4, framesTopic);
                long backlog = prefill(broker, framesTopic, streams, t);
                Map<String, Object> r = runMode(
                        broker, framesTopic, mode, streams, t, backlog, mode.equals("dense") ? denseOverrides : null);
                if (mode.equals("dense")) {
                    r.put("implementation", denseImplementation);
                } else if (mode.equals("adaptive")) {
                    r.put(
                            "glance_encoder",
                            settings.overrides()
                                    .getOrDefault(
                                            OperatorOptions.GLANCE_ENCODER.key(),
                                            OperatorOptions.GLANCE_ENCODER
                                                    .defaultValue()
                                                    .name()));
                }
                report.put(mode, r);
                write(out, report);
            }
        }
        if (settings.modes().contains("dense")) {
            Map<String, Object> variants = denseVariants(streams, t);
            String fastest = (String) variants.get("dense_baseline");
            variants.put("implementation_run", denseImplementation);
            variants.put(
                    "run_was_fastest",
                    fastest.equals(DenseModelBench.ORT_ONE)
                            == denseImplementation.equals(OperatorOptions.DenseImplementation.ONNXRUNTIME.name()));
            report.put("dense_variants", variants);
        }
        if (report.containsKey("dense") && report.containsKey("adaptive")) {
            report.put("ratios", ratios(cast(report.get("adaptive")), cast(report.get("dense"))));
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("streams", settings.streams());
        setup.put("duration_s", settings.durationSeconds());
        setup.put("live_fps_per_stream", settings.fpsPerStream());
        setup.put("live_duration_s", settings.durationSeconds());
        setup.put("backlog_clips_per_stream", settings.backlogClipsPerStream());
        setup.put("clip_length", t);
        setup.put("parallelism", settings.parallelism());
        setup.put("cores", Runtime.getRuntime().availableProcessors());
        setup.put("bundle", settings.bundle().toString());
        report.put("setup", setup);
        report.put("wire_bytes", wireBytes(streams, t));
        write(out, report);
        return report;
    }

    /**
     * What crosses the network: a frame record as the feeder sends it, and focus requests as the glance stage builds
     * them for the first clips of each stream (exit 0 forced unsure, so every clip yields one), Avro-encoded.
     */
    private Map<String, Object> wireBytes(List<Stream> streams, int t) throws IOException {
        long frameBytes = 0;
        int frames = 0;
        for (Stream st : streams) {
            for (int f = 0; f < Math.min(st.jpegs().length, 4 * t); f++) {
                frameBytes += AvroBytes.encode(VideoFrame.newBuilder()
                                .setStreamId(st.id())
                                .setSequence(f)
                                .setCaptureTime(Instant.now())
                                .setWidth(st.width())
                                .setHeight(st.height())
                                .setEncoding(FrameEncoding.JPEG)
                                .setPayload(ByteBuffer.wrap(st.jpegs()[f]))
                                .setMetadata(null)
                                .build())
                        .length;
                frames++;
            }
        }
        List<Integer> requestBytes = new ArrayList<>();
        List<Integer> patches = new ArrayList<>();
        try (dev.saccade.models.bundle.ModelBundle bundle =
                        dev.saccade.models.bundle.ModelBundle.load(settings.bundle());
                ai.djl.ndarray.NDManager m = Inference.newManager()) {
            dev.saccade.models.cascade.GlanceStage glance =
                    new dev.saccade.models.cascade.GlanceStage(bundle.nets(), 2.0);
            for (Stream st : streams) {
                for (int c = 1; c < Math.min(4, st.clipLabels().length); c++) {
                    byte[][] bgr = new byte[t + 1][];
                    for (int f = 0; f <= t; f++) {
                        bgr[f] = ImageCodec.decode(st.jpegs()[c * t - 1 + f]).pixels();
                    }
                    var clip = new dev.saccade.operators.types.Clip();
                    clip.streamId = st.id();
                    clip.firstSequence = (long) c * t;
                    clip.lastSequence = (long) c * t + t - 1;
                    clip.clipId = dev.saccade.operators.types.Clip.clipId(st.id(), clip.firstSequence);
                    clip.sequences = java.util.stream.LongStream.range(clip.firstSequence, clip.lastSequence + 1)
                            .toArray();
                    var data = new dev.saccade.models.data.ClipData(
                            new dev.saccade.models.data.ClipRef(0, 0, -1),
                            st.width(),
                            st.height(),
                            bgr,
                            new dev.saccade.models.data.ObjectBox[t],
                            new boolean[t]);
                    var g = glance.run(m, List.of(data)).get(0);
                    var request = dev.saccade.operators.adaptive.FocusRequests.of(clip, data, g, 1.4, "bench");
                    requestBytes.add(AvroBytes.encode(request).length);
                    patches.add(request.getPatches().size());
                }
            }
        }
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("frame_record_mean", frames == 0 ? 0 : frameBytes / frames);
        w.put("frame_decoded_bgr", streams.get(0).width() * streams.get(0).height() * 3);
        w.put(
                "focus_request_mean",
                requestBytes.stream().mapToInt(Integer::intValue).average().orElse(0));
        w.put(
                "focus_request_min",
                requestBytes.stream().mapToInt(Integer::intValue).min().orElse(0));
        w.put(
                "focus_request_max",
                requestBytes.stream().mapToInt(Integer::intValue).max().orElse(0));
        w.put(
                "focus_request_patches_mean",
                patches.stream().mapToInt(Integer::intValue).average().orElse(0));
        w.put("focus_requests_sampled", requestBytes.size());
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private List<Stream> render(int t) {
        return render(settings.streams(), settings.clipsPerStream(), t, settings.seed(), progress);
    }

    /**
     * {@code count} synthetic streams at the generator's default size (320x240) named {@code bench-i}, {@code clips}
     * clips of {@code t} frames each, JPEG quality 90; the same for the same seed.
     */
    public static List<Stream> render(int count, int clips, int t, long seed, Consumer<String> progress) {
        List<Stream> out = new ArrayList<>();
        SceneConfig config = SceneConfig.defaults().withClipLength(t);
        for (int i = 0; i < count; i++) {
            SceneGenerator g = new SceneGenerator(config, seed * 1000 + i);
            int frames = clips * t;
            byte[][] jpegs = new byte[frames][];
            String[] labels = new String[clips];
            for (int f = 0; f < frames; f++) {
                SceneFrame frame = g.nextFrame();
                jpegs[f] = ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), 90);
                labels[f / t] = frame.label().label();
            }
            out.add(new Stream("bench-" + i, jpegs, labels, config.width(), config.height()));
            progress.accept(String.format("bench: rendered stream %d/%d (%d clips)", i + 1, count, clips));
        }
        return out;
    }

    /**
     * The dense model's implementations timed per clip on one thread ({@link DenseModelBench}, 24 of the bench's clips): the
     * dense mode then runs the fastest, so adaptive is never compared with a slow dense path.
     */
    private Map<String, Object> denseVariants(List<Stream> streams, int t) throws Exception {
        try (dev.saccade.models.bundle.ModelBundle bundle =
                        dev.saccade.models.bundle.ModelBundle.load(settings.bundle());
                ai.djl.ndarray.NDManager manager = dev.saccade.models.engine.Inference.newManager()) {
            dev.saccade.models.engine.Inference.configureInferenceThread();
            int before = dev.saccade.models.engine.Inference.engineThreads();
            dev.saccade.models.engine.Inference.setEngineThreads(1); // as one pipeline subtask runs it
            try {
                // clips of the bench's own streams, decoded from their JPEGs: no second scene generator, whose
                // rendering garbage would grow the heap and so every later mode's resident memory
                List<dev.saccade.models.data.ClipData> clips = new ArrayList<>();
                for (int i = 0; clips.size() < 24; i++) {
                    Stream st = streams.get(i % streams.size());
                    int c = i / streams.size();
                    if ((c + 1) * t >= st.jpegs().length) {
                        break;
                    }
                    byte[][] frames = new byte[t + 1][];
                    for (int k = 0; k <= t; k++) {
                        frames[k] = ImageCodec.decode(st.jpegs()[c * t + k]).pixels();
                    }
                    clips.add(new dev.saccade.models.data.ClipData(
                            new dev.saccade.models.data.ClipRef(0, c, 0), st.width(), st.height(), frames, null, null));
                }
                Map<String, Object> r = new DenseModelBench(bundle, progress).run(manager, clips, 3, 8);
                progress.accept("bench: dense implementations (ms per clip, one thread) " + r.get("dense_variants")
                        + ", fastest " + r.get("dense_baseline"));
                return r;
            } finally {
                dev.saccade.models.engine.Inference.setEngineThreads(before);
            }
        }
    }

    /** Writes every stream's backlog into a mode's frames topic before its job starts. */
    private long prefill(EmbeddedKafkaBroker broker, String topic, List<Stream> streams, int t) {
        long frames = (long) settings.backlogClipsPerStream() * t;
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers())) {
            for (long seq = 0; seq < frames; seq++) {
                for (Stream st : streams) {
                    send(producer, topic, st.id(), st, (int) (seq % st.jpegs().length), seq);
                }
            }
            producer.flush();
        }
        checkSends("the backlog of " + topic);
        progress.accept("bench: " + frames * streams.size() + " backlog frames in " + topic);
        return frames;
    }

    private Map<String, Object> runMode(
            EmbeddedKafkaBroker broker,
            String framesTopic,
            String mode,
            List<Stream> streams,
            int t,
            long backlogFrames,
            Map<String, String> overrides)
            throws Exception {
        progress.accept("bench: " + mode + ": starting the job on the backlog");
        Map<String, Object[]> cpuBefore = ThreadCpu.snapshot();
        long cpuWindowStart = System.nanoTime();
        BenchJob.Started started = BenchJob.start(
                broker,
                framesTopic,
                mode,
                settings.parallelism(),
                settings.bundle(),
                overrides != null ? overrides : settings.overrides());
        JobClient job = started.client();
        JobSettings s = started.settings();

        List<ClassifiedEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(
                () -> {
                    try (CommittedReader<ClassifiedEvent> r = new CommittedReader<>(
                            s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false)) {
                        while (reading.get()) {
                            r.poll(Duration.ofMillis(200), events::add);
                        }
                        r.poll(Duration.ofMillis(500), events::add);
                    }
                },
                "bench-events");
        reader.setDaemon(true);
        reader.start();
        AtomicLong peakRss = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        peakRss.accumulateAndGet(ProcessSample.readRssKb(), Math::max);
                        sleep(250);
                    }
                },
                "bench-rss");
        sampler.setDaemon(true);
        sampler.start();

        long backlogClips = backlogFrames / t * streams.size();
        long drainStart = System.currentTimeMillis();
        long nextReport = drainStart + 10_000;
        long limit = drainStart + settings.drainSeconds() * 1000 * 20;
        // the CPU profile covers the second half of the drain: in the first the JIT still compiles the job's code (on
        // 2 cores its threads took as much CPU as the pipeline itself there), which a live job has long done
        dev.saccade.bench.profile.JfrWindow jfr = null;
        long jfrStartMs = 0;
        while (countBelow(events, backlogFrames) < backlogClips && System.currentTimeMillis() < limit) {
            sleep(250);
            if (settings.jfr() != null
                    && jfr == null
                    && countBelow(events, backlogFrames) >= backlogClips * JFR_FROM_SHARE) {
                jfrStartMs = System.currentTimeMillis();
                jfr = dev.saccade.bench.profile.JfrWindow.start(jfrFile(mode));
            }
            if (System.currentTimeMillis() >= nextReport) {
                nextReport += 10_000;
                progress.accept(String.format(
                        "bench: %s: backlog %d/%d clips decided",
                        mode, countBelow(events, backlogFrames), backlogClips));
            }
        }
        Map<String, Object> capacity = capacity(events, backlogFrames, t);
        if (jfr != null) {
            // frames decided in the window by each event's own decision time: the reader sees them only at commits
            long jfrEndMs = System.currentTimeMillis();
            Map<String, Object> budget = jfr.stop(decidedBetween(events, backlogFrames, jfrStartMs, jfrEndMs));
            capacity.put("cpu_budget", budget);
        }
        // where the cores went while the job started and drained the backlog
        capacity.put("cpu_window_seconds", (System.nanoTime() - cpuWindowStart) / 1e9);
        capacity.put("cpu_seconds_by_thread", ThreadCpu.between(cpuBefore, ThreadCpu.snapshot(), 8));
        progress.accept("bench: " + mode + ": backlog drained, " + capacity + "; streams go on live at "
                + settings.fpsPerStream() + " fps for " + settings.durationSeconds() + " s");

        long fed;
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers())) {
            fed = feed(
                    producer, framesTopic, streams, backlogFrames, settings.durationSeconds() * 1000, events, mode, t);
        }
        long expected = backlogClips + fed / t;
        long drainUntil = System.currentTimeMillis() + settings.drainSeconds() * 1000;
        while (System.currentTimeMillis() < drainUntil && countBench(events) < expected) {
            sleep(500);
        }
        reading.set(false);
        reader.join(5_000);
        sampling.set(false);
        job.cancel().get(60, TimeUnit.SECONDS);
        return summarise(mode, benchEvents(events), streams, t, backlogFrames, capacity, peakRss.get() / 1024.0);
    }

    /** The recording of one mode: the --jfr file, with the mode before its extension. */
    private Path jfrFile(String mode) {
        String name = settings.jfr().getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return settings.jfr().resolveSibling(stem + "-" + mode + ".jfr");
    }

    /** Frames of backlog clips whose decision (capture of the last frame plus the job's latency) fell in [from, to]. */
    private static long decidedBetween(List<ClassifiedEvent> events, long backlogFrames, long from, long to) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.getFirstSequence() < backlogFrames)
                    .filter(e -> {
                        long at = e.getLastCaptureTime().toEpochMilli() + e.getProcessingLatencyMs();
                        return at >= from && at <= to;
                    })
                    .mapToLong(ClassifiedEvent::getFrameCount)
                    .sum();
        }
    }

    /** Backlog clips decided, by their first sequence. */
    private static long countBelow(List<ClassifiedEvent> events, long backlogFrames) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.getFirstSequence() < backlogFrames)
                    .count();
        }
    }

    /** Share of the backlog's decisions after which --jfr starts sampling. */
    static final double JFR_FROM_SHARE = 0.5;

    /** Share of the backlog's decisions that count as warm-up (JIT compilation, caches, first dense frames). */
    static final double WARMUP_SHARE = 0.2;

    /**
     * Frames of backlog clips decided per second in steady state: from the decision that ends the warm-up (the first
     * {@link #WARMUP_SHARE} of backlog decisions, when the JIT still compiles each mode's own code) to the last; the
     * same over the whole backlog is reported beside it.
     */
    static Map<String, Object> capacity(List<ClassifiedEvent> events, long backlogFrames, int t) {
        List<long[]> decided = new ArrayList<>(); // {decision time, frames}
        synchronized (events) {
            for (ClassifiedEvent e : events) {
                if (e.getFirstSequence() < backlogFrames) {
                    decided.add(new long[] {
                        e.getLastCaptureTime().toEpochMilli() + e.getProcessingLatencyMs(), e.getFrameCount()
                    });
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (decided.size() < 10) {
            r.put("frames_per_s", 0.0);
            return r;
        }
        decided.sort(java.util.Comparator.comparingLong(d -> d[0]));
        int warm = (int) Math.floor(decided.size() * WARMUP_SHARE);
        long last = decided.get(decided.size() - 1)[0];
        r.put("frames_per_s", framesPerSecond(decided, warm, last));
        r.put("frames_per_s_whole_backlog", framesPerSecond(decided, 0, last));
        r.put("backlog_clips", decided.size());
        r.put("warmup_clips", warm);
        r.put("backlog_seconds", (last - decided.get(0)[0]) / 1000.0);
        r.put("steady_seconds", (last - decided.get(warm)[0]) / 1000.0);
        return r;
    }

    // the frames of the decisions after the one at index from, over the time from it to the last (its own frames
    // opened the interval)
    private static double framesPerSecond(List<long[]> decided, int from, long last) {
        long frames = 0;
        for (int i = from + 1; i < decided.size(); i++) {
            frames += decided.get(i)[1];
        }
        return frames / Math.max((last - decided.get(from)[0]) / 1000.0, 1e-3);
    }

    /** The streams go on live from firstSequence, whole clips only, paced at the live rate. */
    private long feed(
            Producer<String, byte[]> producer,
            String topic,
            List<Stream> streams,
            long firstSequence,
            long durationMs,
            List<ClassifiedEvent> events,
            String mode,
            int t) {
        long start = System.nanoTime();
        long sent = 0;
        long nextReport = System.currentTimeMillis() + 10_000;
        long frames = (long) (durationMs / 1000.0 * settings.fpsPerStream()) / t * t;
        for (long i = 0; i < frames; i++) {
            long seq = firstSequence + i;
            for (Stream st : streams) {
                send(producer, topic, st.id(), st, (int) (seq % st.jpegs().length), seq);
                sent++;
            }
            long due = start + (long) ((i + 1) * 1e9 / settings.fpsPerStream());
            long waitNs = due - System.nanoTime();
            if (waitNs > 0) {
                sleep(waitNs / 1_000_000);
            }
            if (System.currentTimeMillis() >= nextReport) {
                nextReport += 10_000;
                progress.accept(String.format(
                        "bench: %s: live, fed %d frames in %.0f s, %d events committed",
                        mode, sent, (System.nanoTime() - start) / 1e9, countBench(events)));
            }
        }
        producer.flush();
        checkSends("the live feed of " + topic);
        return sent;
    }

    private static void send(
            Producer<String, byte[]> producer, String topic, String streamId, Stream st, int frame, long seq) {
        VideoFrame vf = VideoFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(seq)
                .setCaptureTime(Instant.now())
                .setWidth(st.width())
                .setHeight(st.height())
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(st.jpegs()[frame]))
                .setMetadata(null)
                .build();
        producer.send(new ProducerRecord<>(topic, streamId, AvroBytes.encode(vf)), (metadata, error) -> {
            if (error != null && SEND_FAILURE.compareAndSet(null, error)) {
                System.err.println(
                        "bench: a frame of " + streamId + " could not be written to " + topic + ": " + error);
            }
        });
    }

    // a lost frame leaves its clip incomplete and the drain waiting for it: the run must fail, not measure less
    private static final java.util.concurrent.atomic.AtomicReference<Exception> SEND_FAILURE =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static void checkSends(String what) {
        Exception e = SEND_FAILURE.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException(
                    "bench: " + what + " lost frames (the broker refused a write: " + e
                            + "); the measurement would be wrong, so the run stops",
                    e);
        }
    }

    private static long countBench(List<ClassifiedEvent> events) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.getStreamId().toString().startsWith("bench-"))
                    .count();
        }
    }

    private static List<ClassifiedEvent> benchEvents(List<ClassifiedEvent> events) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.getStreamId().toString().startsWith("bench-"))
                    .toList();
        }
    }

    private Map<String, Object> summarise(
            String mode,
            List<ClassifiedEvent> events,
            List<Stream> streams,
            int t,
            long backlogFrames,
            Map<String, Object> capacity,
            double peakRssMb) {
        Map<String, Stream> byId = new HashMap<>();
        streams.forEach(st -> byId.put(st.id(), st));
        int scored = 0;
        int correct = 0;
        double gmacs = 0;
        double denseGmacs = 0;
        List<Long> latencies = new ArrayList<>();
        Map<String, Integer> stages = new TreeMap<>();
        for (ClassifiedEvent e : events) {
            if (e.getFirstSequence() >= backlogFrames) {
                latencies.add(e.getProcessingLatencyMs());
            }
            gmacs += e.getGmacs();
            denseGmacs += e.getDenseGmacs();
            stages.merge(e.getStage().toString(), 1, Integer::sum);
            Stream st = byId.get(e.getStreamId().toString());
            if (e.getFrameCount() == t && e.getFirstSequence() % t == 0) {
                int clip = (int) ((e.getFirstSequence() / t) % st.clipLabels().length);
                scored++;
                if (st.clipLabels()[clip].equals(e.getLabel().toString())) {
                    correct++;
                }
            }
        }
        latencies.sort(null);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("frames_per_s", capacity.get("frames_per_s"));
        r.put("capacity", capacity);
        r.put("events", events.size());
        r.put("accuracy", scored == 0 ? 0.0 : (double) correct / scored);
        r.put("accuracy_clips", scored);
        r.put("gmacs_per_clip", events.isEmpty() ? 0.0 : gmacs / events.size());
        r.put("dense_gmacs_per_clip", events.isEmpty() ? 0.0 : denseGmacs / events.size());
        r.put("latency_ms_p50", percentile(latencies, 0.50));
        r.put("latency_ms_p99", percentile(latencies, 0.99));
        r.put("latency_clips", latencies.size());
        r.put("latency_ms_cdf", cdf(latencies));
        r.put("peak_rss_mb", peakRssMb);
        Map<String, Double> exits = new LinkedHashMap<>();
        stages.forEach((k, v) -> exits.put(k, (double) v / Math.max(1, events.size())));
        r.put("exit_fraction", exits);
        progress.accept("bench: " + mode + ": " + r);
        return r;
    }

    private static Map<String, Object> ratios(Map<String, Object> adaptive, Map<String, Object> dense) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (String k : List.of(
                "frames_per_s", "accuracy", "gmacs_per_clip", "latency_ms_p50", "latency_ms_p99", "peak_rss_mb")) {
            double d = ((Number) dense.get(k)).doubleValue();
            r.put(k, d == 0 ? null : ((Number) adaptive.get(k)).doubleValue() / d);
        }
        return r;
    }

    /** {latency ms, share of clips at or below it} at every percent (fewer points for fewer clips). */
    static List<double[]> cdf(List<Long> sorted) {
        List<double[]> points = new ArrayList<>();
        int steps = Math.min(100, sorted.size());
        for (int k = 1; k <= steps; k++) {
            double q = (double) k / steps;
            points.add(new double[] {percentile(sorted, q), q});
        }
        return points;
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void write(Path out, Map<String, Object> report) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        JSON.writeValue(out.toFile(), report);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.max(0, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
