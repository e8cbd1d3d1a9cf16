package dev.saccade.cli;

import dev.saccade.feed.FeedStream;
import dev.saccade.feed.FrameFeeder;
import dev.saccade.job.JobOptions;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.kafka.KafkaPreflight;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Feeds a video or the synthetic generator into any Kafka cluster as JPEG frames. */
@Command(
        name = "feed",
        mixinStandardHelpOptions = true,
        description = "Feeds a video file/URL or the synthetic scene generator into a Kafka topic as Avro VideoFrame "
                + "records with JPEG payloads, keyed by stream id. Prints a progress line on stderr.")
public final class FeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FeedOptions feed;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", description = "Frames topic (default: the job's, ${DEFAULT-VALUE}).")
    String topic = JobOptions.FRAMES_TOPIC.defaultValue();

    @Option(names = "--realtime", description = "Pace each stream to --fps; without it, send as fast as possible.")
    boolean realtime;

    @Option(
            names = "--frames",
            defaultValue = "0",
            description = "Stop after this many frames per stream; 0: until --duration, the input's end (without loop) "
                    + "or Ctrl-C.")
    long frames;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds; 0: no limit.")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        feed.validate();
        OptionChecks.atLeast(spec.commandLine(), "--frames", frames, 0);
        OptionChecks.atLeast(spec.commandLine(), "--duration", durationSeconds, 0);
        try {
            if (!KafkaPreflight.missingTopics(bootstrap, List.of(topic), KafkaPreflight.TIMEOUT)
                    .isEmpty()) {
                System.err.println("feed: topic " + topic + " does not exist at " + bootstrap
                        + "; the broker creates it only if auto.create.topics.enable is on");
            }
        } catch (KafkaPreflight.Unreachable e) {
            throw new ParameterException(spec.commandLine(), "--bootstrap: " + e.getMessage());
        }
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        List<FeedStream> streams = feed.open();
        System.err.println("feed: " + feed.describe(streams) + " -> " + topic + " at " + bootstrap
                + (realtime ? " (real time)" : " (as fast as possible)"));
        try (Producer<String, byte[]> producer = FrameFeeder.createProducer(bootstrap)) {
            FrameFeeder feeder =
                    new FrameFeeder(producer, topic, streams, feed.fps(streams), realtime, feed.jpegQuality);
            FrameFeeder.Progress done = feeder.run(
                    durationSeconds * 1000,
                    frames,
                    stop::get,
                    p -> System.err.printf(
                            "\rfeed: %d frames, %.1f frames/s, %.1f MB, %d undecodable, %d send errors   ",
                            p.framesSent(), p.framesPerSecond(), p.bytesSent() / 1e6, p.undecodable(), p.sendErrors()));
            System.err.println();
            System.err.printf(
                    "feed: done: %d frames sent in %.1f s; %d input frames could not be decoded and were "
                            + "skipped%n",
                    done.framesSent(), done.elapsedSeconds(), done.undecodable());
            for (FeedStream s : streams) {
                s.close();
            }
            if (done.sendErrors() > 0) {
                System.err.println("feed: " + done.sendErrors() + " frames failed to send, first error: "
                        + feeder.firstSendError());
                return 1;
            }
            return 0;
        }
    }
}
