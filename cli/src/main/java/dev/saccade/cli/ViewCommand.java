package dev.saccade.cli;

import dev.saccade.cli.view.StreamBoard;
import dev.saccade.cli.view.TopicTail;
import dev.saccade.cli.view.ViewServer;
import dev.saccade.job.JobOptions;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.kafka.KafkaPreflight;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** A live web page of every stream: newest frame with its decision drawn over it, recent labels, totals. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a live web page of the streams on a Kafka cluster: per stream the newest frame with the newest "
                    + "event's focus patches, detector boxes, label, confidence and deciding stage drawn over it, a "
                    + "strip of recent labels; totals (events by stage, frames/s, GMACs per clip against dense, dead "
                    + "letters, lag). Reads the frames, events and dead-letter topics read_committed, without a "
                    + "consumer group. Also /api/streams (JSON) and /api/streams/ID/snapshot.jpg. Runs until Ctrl-C."
        })
public final class ViewCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--frames-topic", description = "Topic of VideoFrame records (default: saccade.frames).")
    String framesTopic = JobOptions.FRAMES_TOPIC.defaultValue();

    @Option(names = "--events-topic", description = "Topic of ClassifiedEvent records (default: saccade.events).")
    String eventsTopic = JobOptions.EVENTS_TOPIC.defaultValue();

    @Option(names = "--dead-letter-topic", description = "Topic of DeadLetter records (default: saccade.dead-letters).")
    String deadLetterTopic = JobOptions.DEAD_LETTER_TOPIC.defaultValue();

    @Option(
            names = "--history",
            defaultValue = "500",
            description = "Events and dead letters read back per partition at start (default: ${DEFAULT-VALUE}).")
    int history;

    @Override
    public Integer call() throws Exception {
        var cl = spec.commandLine();
        OptionChecks.between(cl, "--port", port, 0, 65535);
        OptionChecks.atLeast(cl, "--history", history, 0);
        PrintStream err = System.err;
        try {
            List<String> missing = KafkaPreflight.missingTopics(
                    bootstrap, List.of(framesTopic, eventsTopic, deadLetterTopic), KafkaPreflight.TIMEOUT);
            if (!missing.isEmpty()) {
                err.println("view: topic(s) " + missing + " do not exist yet on " + bootstrap
                        + "; waiting for them (./saccade topics --bootstrap " + bootstrap + " creates them)");
            }
        } catch (KafkaPreflight.Unreachable e) {
            err.println("view: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Running view =
                Running.start(bootstrap, host, port, framesTopic, eventsTopic, deadLetterTopic, history, err)) {
            err.println("view: " + view.url() + " (frames from " + framesTopic + ", events from " + eventsTopic
                    + "); Ctrl-C stops");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "view-shutdown"));
            stopped.await();
        } catch (IOException bind) {
            throw new ParameterException(
                    cl, "--port " + port + " on " + host + " cannot be used: " + bind.getMessage());
        }
        return 0;
    }

    /** A view serving a board that a topic tail fills; what {@code view} and {@code demo --view} run. */
    public static final class Running implements AutoCloseable {
        private final StreamBoard board;
        private final TopicTail tail;
        private final ViewServer server;

        private Running(StreamBoard board, TopicTail tail, ViewServer server) {
            this.board = board;
            this.tail = tail;
            this.server = server;
        }

        public static Running start(
                String bootstrap,
                String host,
                int port,
                String framesTopic,
                String eventsTopic,
                String deadLetterTopic,
                int history,
                PrintStream log)
                throws IOException {
            StreamBoard board = new StreamBoard();
            ViewServer server = ViewServer.start(board, host, port);
            TopicTail tail =
                    new TopicTail(bootstrap, framesTopic, eventsTopic, deadLetterTopic, history, board, log).start();
            return new Running(board, tail, server);
        }

        public String url() {
            return server.url();
        }

        public int port() {
            return server.port();
        }

        public StreamBoard board() {
            return board;
        }

        @Override
        public void close() {
            server.close();
            tail.close();
        }
    }
}
