package dev.saccade.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.job.cli.CommittedReader;
import dev.saccade.job.feed.FrameFeeder;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import dev.saccade.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./saccade bench pipeline}: the same synthetic streams (same seeds, pre-rendered once) fed live through one real
 * broker into the real job, once per mode, one mode after the other in this process. Frames per second counts frames
 * whose clip was decided while feeding; latency is capture to decision; RSS is this whole process (broker, Flink,
 * models, native memory), sampled while the mode runs.
 */
public final class PipelineBench {
  /** What to run. */
  public record Settings(int streams, long durationSeconds, List<String> modes, double fpsPerStream,
      int clipsPerStream, long seed, int parallelism, long drainSeconds, Path bundle, Map<String, String> overrides) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Settings settings;
  private final Consumer<String> progress;

  public PipelineBench(Settings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Pre-rendered frames of one stream, JPEG-encoded once, with each clip's label. */
  record Stream(String id, byte[][] jpegs, String[] clipLabels, int width, int height) {}

  public Map<String, Object> run(Path out) throws Exception {
    int t = dev.saccade.models.bundle.ModelBundle.readManifest(settings.bundle()).clipLength();
    List<Stream> streams = render(t);
    Map<String, Object> report = new LinkedHashMap<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      for (String mode : settings.modes()) {
        report.put(mode, runMode(broker, mode, streams, t));
        write(out, report);
      }
    }
    if (report.containsKey("dense") && report.containsKey("adaptive")) {
      report.put("ratios", ratios(cast(report.get("adaptive")), cast(report.get("dense"))));
    }
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("streams", settings.streams());
    setup.put("duration_s", settings.durationSeconds());
    setup.put("fps_per_stream", settings.fpsPerStream());
    setup.put("offered_frames_per_s", settings.fpsPerStream() * settings.streams());
    setup.put("clip_length", t);
    setup.put("parallelism", settings.parallelism());
    setup.put("cores", Runtime.getRuntime().availableProcessors());
    setup.put("bundle", settings.bundle().toString());
    report.put("setup", setup);
    write(out, report);
    return report;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  private List<Stream> render(int t) {
    List<Stream> out = new ArrayList<>();
    SceneConfig config = SceneConfig.defaults().withClipLength(t);
    for (int i = 0; i < settings.streams(); i++) {
      SceneGenerator g = new SceneGenerator(config, settings.seed() * 1000 + i);
      int frames = settings.clipsPerStream() * t;
      byte[][] jpegs = new byte[frames][];
      String[] labels = new String[settings.clipsPerStream()];
      for (int f = 0; f < frames; f++) {
        SceneFrame frame = g.nextFrame();
        jpegs[f] = ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), 90);
        labels[f / t] = frame.label().label();
      }
      out.add(new Stream("bench-" + i, jpegs, labels, config.width(), config.height()));
      progress.accept(String.format("bench: rendered stream %d/%d (%d clips)", i + 1, settings.streams(),
          settings.clipsPerStream()));
    }
    return out;
  }

  private Map<String, Object> runMode(EmbeddedKafkaBroker broker, String mode, List<Stream> streams, int t)
      throws Exception {
    String suffix = mode + "-" + System.currentTimeMillis();
    Map<String, String> conf = new HashMap<>();
    conf.put(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
    conf.put(JobOptions.FRAMES_TOPIC.key(), "bench-frames-" + suffix);
    conf.put(JobOptions.EVENTS_TOPIC.key(), "bench-events-" + suffix);
    conf.put(JobOptions.DEAD_LETTER_TOPIC.key(), "bench-dead-" + suffix);
    conf.put(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "bench-" + suffix);
    conf.put(JobOptions.CHECKPOINT_INTERVAL.key(), "2 s");
    conf.put(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(settings.parallelism()));
    conf.put(OperatorOptions.MODE.key(), mode.toUpperCase(java.util.Locale.ROOT));
    conf.put(OperatorOptions.MODEL_BUNDLE.key(), settings.bundle().toString());
    conf.putAll(settings.overrides());
    Configuration c = Configuration.fromMap(conf);
    JobSettings s = JobSettings.from(c);
    broker.createTopics(4, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());
    progress.accept("bench: " + mode + ": starting the job");
    JobClient job = SaccadeJob.start(c, s);

    List<ClassifiedEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      try (CommittedReader<ClassifiedEvent> r =
          new CommittedReader<>(s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false)) {
        while (reading.get()) {
          r.poll(Duration.ofMillis(200), events::add);
        }
        r.poll(Duration.ofMillis(500), events::add);
      }
    }, "bench-events");
    reader.setDaemon(true);
    reader.start();
    AtomicLong peakRss = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peakRss.accumulateAndGet(rssKb(), Math::max);
        sleep(250);
      }
    }, "bench-rss");
    sampler.setDaemon(true);
    sampler.start();

    // wait until the operators have loaded their models: a first clip per stream decided
    long fed;
    long feedStart;
    long feedEnd;
    try (Producer<String, byte[]> producer = FrameFeeder.createProducer(broker.bootstrapServers())) {
      long[] sequence = new long[streams.size()];
      warmUp(producer, s, streams, sequence, t, events);
      events.clear();
      Arrays.fill(sequence, 0);
      progress.accept("bench: " + mode + ": feeding " + streams.size() + " streams at " + settings.fpsPerStream()
          + " fps for " + settings.durationSeconds() + " s");
      feedStart = System.currentTimeMillis();
      fed = feed(producer, s, streams, sequence, settings.durationSeconds() * 1000, events, mode);
      feedEnd = System.currentTimeMillis();
    }
    long expectedClips = fed / t;
    long drainUntil = System.currentTimeMillis() + settings.drainSeconds() * 1000;
    while (System.currentTimeMillis() < drainUntil && countBench(events) < expectedClips) {
      sleep(500);
    }
    reading.set(false);
    reader.join(5_000);
    sampling.set(false);
    job.cancel().get(60, TimeUnit.SECONDS);
    return summarise(mode, benchEvents(events), streams, t, fed, feedStart, feedEnd, peakRss.get() / 1024.0);
  }

  /** Frames of warm-up streams, then waits for their events: the models are loaded and warm before timing starts. */
  private void warmUp(Producer<String, byte[]> producer, JobSettings s, List<Stream> streams, long[] sequence, int t,
      List<ClassifiedEvent> events) {
    for (int i = 0; i < streams.size(); i++) {
      Stream st = streams.get(i);
      for (int f = 0; f < t; f++) {
        send(producer, s, "warmup-" + i, st, f, f);
      }
    }
    producer.flush();
    long until = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < until && events.size() < streams.size()) {
      sleep(250);
    }
    if (events.size() < streams.size()) {
      throw new IllegalStateException("the job decided only " + events.size() + " warm-up clips in 3 minutes");
    }
  }

  private long feed(Producer<String, byte[]> producer, JobSettings s, List<Stream> streams, long[] sequence,
      long durationMs, List<ClassifiedEvent> events, String mode) {
    long start = System.nanoTime();
    long tick = 0;
    long sent = 0;
    long nextReport = System.currentTimeMillis() + 10_000;
    while ((System.nanoTime() - start) / 1_000_000 < durationMs) {
      for (int i = 0; i < streams.size(); i++) {
        Stream st = streams.get(i);
        long seq = sequence[i]++;
        send(producer, s, st.id(), st, (int) (seq % st.jpegs().length), seq);
        sent++;
      }
      tick++;
      long due = start + (long) (tick * 1e9 / settings.fpsPerStream());
      long waitNs = due - System.nanoTime();
      if (waitNs > 0) {
        sleep(waitNs / 1_000_000);
      }
      if (System.currentTimeMillis() >= nextReport) {
        nextReport += 10_000;
        progress.accept(String.format("bench: %s: fed %d frames in %.0f s, %d events committed", mode, sent,
            (System.nanoTime() - start) / 1e9, countBench(events)));
      }
    }
    producer.flush();
    return sent;
  }

  private static void send(Producer<String, byte[]> producer, JobSettings s, String streamId, Stream st, int frame,
      long seq) {
    VideoFrame vf = VideoFrame.newBuilder().setStreamId(streamId).setSequence(seq).setCaptureTime(Instant.now())
        .setWidth(st.width()).setHeight(st.height()).setEncoding(FrameEncoding.JPEG)
        .setPayload(ByteBuffer.wrap(st.jpegs()[frame])).setMetadata(null).build();
    producer.send(new ProducerRecord<>(s.framesTopic(), streamId, AvroBytes.encode(vf)));
  }

  private static long countBench(List<ClassifiedEvent> events) {
    synchronized (events) {
      return events.stream().filter(e -> e.getStreamId().toString().startsWith("bench-")).count();
    }
  }

  private static List<ClassifiedEvent> benchEvents(List<ClassifiedEvent> events) {
    synchronized (events) {
      return events.stream().filter(e -> e.getStreamId().toString().startsWith("bench-")).toList();
    }
  }

  private Map<String, Object> summarise(String mode, List<ClassifiedEvent> events, List<Stream> streams, int t,
      long fed, long feedStart, long feedEnd, double peakRssMb) {
    Map<String, Stream> byId = new HashMap<>();
    streams.forEach(st -> byId.put(st.id(), st));
    long framesInWindow = 0;
    int scored = 0;
    int correct = 0;
    double gmacs = 0;
    double denseGmacs = 0;
    List<Long> latencies = new ArrayList<>();
    Map<String, Integer> stages = new TreeMap<>();
    for (ClassifiedEvent e : events) {
      long decidedAt = e.getLastCaptureTime().toEpochMilli() + e.getProcessingLatencyMs();
      if (decidedAt <= feedEnd) {
        framesInWindow += e.getFrameCount();
      }
      latencies.add(e.getProcessingLatencyMs());
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
    double seconds = (feedEnd - feedStart) / 1000.0;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("frames_per_s", framesInWindow / seconds);
    r.put("frames_fed", fed);
    r.put("offered_frames_per_s", fed / seconds);
    r.put("events", events.size());
    r.put("clips_fed", fed / t);
    r.put("accuracy", scored == 0 ? 0.0 : (double) correct / scored);
    r.put("accuracy_clips", scored);
    r.put("gmacs_per_clip", events.isEmpty() ? 0.0 : gmacs / events.size());
    r.put("dense_gmacs_per_clip", events.isEmpty() ? 0.0 : denseGmacs / events.size());
    r.put("latency_ms_p50", percentile(latencies, 0.50));
    r.put("latency_ms_p99", percentile(latencies, 0.99));
    r.put("peak_rss_mb", peakRssMb);
    Map<String, Double> exits = new LinkedHashMap<>();
    stages.forEach((k, v) -> exits.put(k, (double) v / Math.max(1, events.size())));
    r.put("exit_fraction", exits);
    progress.accept("bench: " + mode + ": " + r);
    return r;
  }

  private static Map<String, Object> ratios(Map<String, Object> adaptive, Map<String, Object> dense) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (String k : List.of("frames_per_s", "accuracy", "gmacs_per_clip", "latency_ms_p50", "latency_ms_p99",
        "peak_rss_mb")) {
      double d = ((Number) dense.get(k)).doubleValue();
      r.put(k, d == 0 ? null : ((Number) adaptive.get(k)).doubleValue() / d);
    }
    return r;
  }

  static double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** Resident set of this process in KiB, from /proc (0 where there is none). */
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
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
