package dev.saccade.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FeedStream;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.feed.SyntheticFrameSource;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code ./saccade bench soak}: the adaptive job on the demo's synthetic streams in real time, in this process like the
 * demo, sampling the process's memory, files and threads every minute to show whether anything grows.
 */
public final class SoakBench {
    /** What to run. */
    public record Settings(
            int minutes, int streams, double fps, int parallelism, Path bundle, Map<String, String> overrides) {}

    /** How long the soak's broker keeps frames and events: far longer than the job's lag, far shorter than a run. */
    static final long RETENTION_MS = 5 * 60 * 1000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final Consumer<String> progress;

    public SoakBench(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Map<String, Object> run(Path out) throws Exception {
        int t = ModelBundle.readManifest(settings.bundle()).clipLength();
        List<ProcessSample> samples = new ArrayList<>();
        AtomicLong events = new AtomicLong();
        long fed;
        // the broker runs in this process: without retention its log of every frame ever fed (and a file per 16 MiB
        // segment) would grow in the very figures the soak is about, as no deployment's broker does
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(
                "log.retention.ms", Long.toString(RETENTION_MS),
                "log.retention.check.interval.ms", "30000",
                "log.segment.bytes", Integer.toString(4 * 1024 * 1024)))) {
            Configuration conf = config(broker);
            JobSettings s = JobSettings.from(conf);
            broker.createTopics(4, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());
            JobClient job = SaccadeJob.start(conf, s);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = new Thread(() -> read(s, running, events), "soak-events");
            reader.setDaemon(true);
            reader.start();
            List<FeedStream> streams = new ArrayList<>();
            for (int i = 0; i < settings.streams(); i++) {
                streams.add(new FeedStream(
                        "cam-" + i,
                        new SyntheticFrameSource(SceneConfig.defaults().withClipLength(t), 1000L + i)));
            }
            FrameFeeder feeder = new FrameFeeder(
                    FrameFeeder.createProducer(broker.bootstrapServers()),
                    s.framesTopic(),
                    streams,
                    settings.fps(),
                    true,
                    85);
            long startNs = System.nanoTime();
            AtomicLong nextMinute = new AtomicLong(1);
            progress.accept("soak: feeding " + settings.streams() + " streams at " + settings.fps() + " fps for "
                    + settings.minutes() + " min");
            fed = feeder.run(settings.minutes() * 60_000L, 0, () -> false, p -> {
                        double minutes = (System.nanoTime() - startNs) / 60e9;
                        if (minutes >= nextMinute.get()) {
                            nextMinute.incrementAndGet();
                            ProcessSample sample = ProcessSample.now(Math.floor(minutes), events.get());
                            samples.add(sample);
                            progress.accept(sample.line() + ", " + p.framesSent() + " frames fed");
                        }
                    })
                    .framesSent();
            running.set(false);
            reader.join(10_000);
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("minutes", settings.minutes());
        report.put("streams", settings.streams());
        report.put("fps_per_stream", settings.fps());
        report.put("frames_fed", fed);
        report.put("events", events.get());
        report.put("rss_growth_pct", rssGrowthPct(samples));
        report.put("samples", samples);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        report.put("broker_retention_ms", RETENTION_MS);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        JSON.writeValue(out.toFile(), report);
        return report;
    }

    /** Growth in percent from the mean RSS of the second third of the samples to that of the last third. */
    static double rssGrowthPct(List<ProcessSample> samples) {
        int n = samples.size();
        if (n < 3) {
            return 0;
        }
        double second = meanRss(samples.subList(n / 3, 2 * n / 3));
        double last = meanRss(samples.subList(2 * n / 3, n));
        return second == 0 ? 0 : Math.round((last - second) / second * 10_000) / 100.0;
    }

    private static double meanRss(List<ProcessSample> samples) {
        return samples.stream().mapToLong(ProcessSample::rssKb).average().orElse(0);
    }

    private void read(JobSettings s, AtomicBoolean running, AtomicLong events) {
        try (CommittedReader<ClassifiedEvent> r =
                new CommittedReader<>(s.bootstrapServers(), s.eventsTopic(), ClassifiedEvent.class, false)) {
            while (running.get()) {
                r.poll(Duration.ofMillis(500), e -> events.incrementAndGet());
            }
        }
    }

    private Configuration config(EmbeddedKafkaBroker broker) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        c.put(JobOptions.CHECKPOINT_INTERVAL.key(), "2 s");
        c.put(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "saccade-soak-" + System.currentTimeMillis());
        c.put(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(settings.parallelism()));
        c.put(OperatorOptions.MODE.key(), "ADAPTIVE");
        c.put(OperatorOptions.MODEL_BUNDLE.key(), settings.bundle().toString());
        c.putAll(settings.overrides());
        return Configuration.fromMap(c);
    }
}
