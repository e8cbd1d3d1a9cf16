package dev.saccade.cli;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.feed.FeedStream;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.job.command.ModelMixin;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.ModelPreflight;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.command.SettingsMixin;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Everything in one process: own broker, local Flink, fed streams, events printed as JSON lines. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Saccade end to end in this process: starts its own Kafka broker (KRaft), creates the topics, runs the "
                    + "job on a local Flink cluster, feeds N streams from the synthetic scene generator (or --input video), "
                    + "and prints each classified event as one JSON line on stdout. Logs and the final summary go to stderr."
        })
public final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FeedOptions feed;

    @Mixin
    SettingsMixin settings;

    @Mixin
    ModelMixin models;

    @Option(
            names = "--duration",
            defaultValue = "0",
            description =
                    "Seconds to feed before draining and exiting; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--view",
            arity = "0..1",
            fallbackValue = "8080",
            paramLabel = "PORT",
            description = "Also serve the live web view (see ./saccade view) on 127.0.0.1:PORT (8080 when no port is "
                    + "given); its address is printed on stderr.")
    Integer viewPort;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        feed.validate();
        models.validate();
        var cl = spec.commandLine();
        OptionChecks.atLeast(cl, "--duration", durationSeconds, 0);
        OptionChecks.atLeast(cl, "--parallelism", parallelism, 1);
        OptionChecks.atLeast(cl, "--partitions", partitions, 1);
        if (viewPort != null) {
            OptionChecks.between(cl, "--view", viewPort, 0, 65535);
        }
        PrintStream err = System.err;
        long started = System.nanoTime();
        Thread hook = new Thread(
                () -> {
                    stop.set(true);
                    try {
                        finished.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        err.println("demo: starting an embedded Kafka broker (KRaft)...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, String> defaults = new java.util.HashMap<>(Map.of(
                    JobOptions.BOOTSTRAP_SERVERS.key(),
                    broker.bootstrapServers(),
                    JobOptions.CHECKPOINT_INTERVAL.key(),
                    "2 s",
                    JobOptions.TRANSACTIONAL_ID_PREFIX.key(),
                    "saccade-demo-" + System.currentTimeMillis(),
                    CoreOptions.DEFAULT_PARALLELISM.key(),
                    Integer.toString(parallelism)));
            // real footage gets the bundle distilled from the teacher on real cameras, the synthetic feed its own
            models.addTo(
                    defaults, "adaptive", feed.input == null ? ModelPaths.defaultBundle() : ModelPaths.footageBundle());
            ModelPaths.configurePipelineThreads();
            Configuration conf = settings.configuration(defaults);
            JobSettings s = JobSettings.from(conf);
            if (!ModelPreflight.check(s.model(), err)) {
                return 1;
            }
            err.println("demo: mode " + s.model().mode().name().toLowerCase()
                    + (s.model().usesModels()
                            ? " with model bundle " + s.model().bundle()
                            : ""));
            broker.createTopics(partitions, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());
            ViewCommand.Running view = startView(broker.bootstrapServers(), s, err);
            if (view != null) {
                err.println("demo: live view at " + view.url());
            }
            err.println(
                    "demo: broker at " + broker.bootstrapServers() + "; starting the job on a local Flink cluster...");
            JobClient job = SaccadeJob.start(conf, s);

            EventPrinter printer = new EventPrinter(s, System.out, err);
            Thread printerThread = new Thread(printer, "event-printer");
            printerThread.setDaemon(true);
            printerThread.start();

            List<FeedStream> streams = feed.open();
            err.println("demo: feeding " + feed.describe(streams)
                    + (durationSeconds > 0 ? " for " + durationSeconds + " s" : "" + " until Ctrl-C"));
            FrameFeeder feeder = new FrameFeeder(
                    FrameFeeder.createProducer(broker.bootstrapServers()),
                    s.framesTopic(),
                    streams,
                    feed.fps(streams),
                    true,
                    feed.jpegQuality);
            AtomicLong lastReport = new AtomicLong();
            FrameFeeder.Progress fed = feeder.run(durationSeconds * 1000, 0, stop::get, p -> {
                if (p.elapsedSeconds() - lastReport.get() >= 10) {
                    lastReport.set((long) p.elapsedSeconds());
                    err.printf(
                            "demo: fed %d frames (%.1f/s), %d undecodable, %d events so far%n",
                            p.framesSent(), p.framesPerSecond(), p.undecodable(), printer.events());
                }
            });
            for (FeedStream st : streams) {
                st.close();
            }
            // the last clips flush after the quiet timeout and become visible at the next checkpoint
            long drainMs = s.operators().clipQuietTimeoutMs()
                    + 2 * s.checkpointInterval().toMillis()
                    + 2000;
            if (!stop.get()) {
                err.println("demo: draining for " + drainMs / 1000 + " s...");
                long until = System.currentTimeMillis() + drainMs;
                while (System.currentTimeMillis() < until && !stop.get()) {
                    Thread.sleep(200);
                }
            }
            printer.stop();
            printerThread.join(10_000);
            if (view != null) {
                view.close();
            }
            job.cancel().get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf(
                    "summary: %s, %d frames fed (%d undecodable by the feeder), %d events %s, by stage %s, "
                            + "%.3f GMACs per clip against %.3f dense (%s), %d dead letters, %.1f s%n",
                    feed.describe(streams),
                    fed.framesSent(),
                    fed.undecodable(),
                    printer.events(),
                    printer.eventsByLabel(),
                    printer.eventsByStage(),
                    printer.gmacsPerClip(),
                    printer.denseGmacsPerClip(),
                    printer.saving(),
                    printer.deadLetters(),
                    seconds);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already in shutdown: the hook is what called us back
            }
        }
    }

    private ViewCommand.Running startView(String bootstrap, JobSettings s, PrintStream err) {
        if (viewPort == null) {
            return null;
        }
        try {
            return ViewCommand.Running.start(
                    bootstrap, "127.0.0.1", viewPort, s.framesTopic(), s.eventsTopic(), s.deadLetterTopic(), 500, err);
        } catch (java.io.IOException bind) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--view " + viewPort + " cannot be used: " + bind.getMessage());
        }
    }

    /** Prints committed events as JSON lines and counts events and dead letters. */
    static final class EventPrinter implements Runnable {
        private final JobSettings settings;
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong events = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private final Map<String, Long> byLabel = new TreeMap<>();
        private final Map<String, Long> byStage = new TreeMap<>();
        private double gmacs;
        private double denseGmacs;

        EventPrinter(JobSettings settings, PrintStream out, PrintStream err) {
            this.settings = settings;
            this.out = out;
            this.err = err;
        }

        @Override
        public void run() {
            try (CommittedReader<ClassifiedEvent> eventReader = new CommittedReader<>(
                            settings.bootstrapServers(), settings.eventsTopic(), ClassifiedEvent.class, false);
                    CommittedReader<DeadLetter> dlReader = new CommittedReader<>(
                            settings.bootstrapServers(), settings.deadLetterTopic(), DeadLetter.class, false)) {
                while (running.get()) {
                    eventReader.poll(Duration.ofMillis(200), this::print);
                    out.flush();
                    dlReader.poll(Duration.ofMillis(10), d -> {
                        deadLetters.incrementAndGet();
                        err.println("dead letter: " + d.getErrorClass() + ": " + d.getReason());
                    });
                }
                // pick up whatever was committed before stop
                eventReader.poll(Duration.ofMillis(500), this::print);
                out.flush();
            } catch (Exception e) {
                err.println("demo: event printer failed: " + e);
            }
        }

        private void print(ClassifiedEvent e) {
            out.println(AvroJson.toJsonLine(e));
            events.incrementAndGet();
            synchronized (byLabel) {
                byLabel.merge(e.getLabel(), 1L, Long::sum);
                byStage.merge(e.getStage(), 1L, Long::sum);
                gmacs += e.getGmacs();
                denseGmacs += e.getDenseGmacs();
            }
        }

        void stop() {
            running.set(false);
        }

        long events() {
            return events.get();
        }

        long deadLetters() {
            return deadLetters.get();
        }

        Map<String, Long> eventsByStage() {
            synchronized (byLabel) {
                return new TreeMap<>(byStage);
            }
        }

        double gmacsPerClip() {
            synchronized (byLabel) {
                return events.get() == 0 ? 0 : gmacs / events.get();
            }
        }

        double denseGmacsPerClip() {
            synchronized (byLabel) {
                return events.get() == 0 ? 0 : denseGmacs / events.get();
            }
        }

        /** Compute saved against running the dense model on every clip. */
        String saving() {
            synchronized (byLabel) {
                if (denseGmacs == 0) {
                    return "no network ran";
                }
                return gmacs == 0 ? "no network needed" : String.format("%.1fx less", denseGmacs / gmacs);
            }
        }

        Map<String, Long> eventsByLabel() {
            synchronized (byLabel) {
                return new TreeMap<>(byLabel);
            }
        }
    }
}
