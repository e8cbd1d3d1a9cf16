package dev.saccade.cli;

import dev.saccade.job.JobOptions;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints committed events (or dead letters) from a Kafka topic as JSON lines. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Reads classified events (or, with --dead-letters, dead letters) as a read_committed consumer "
                + "and prints one JSON object per line on stdout.")
public final class EventsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", description = "Topic to read (default: the job's events or dead-letter topic).")
    String topic;

    @Option(names = "--dead-letters", description = "Read DeadLetter records instead of events.")
    boolean deadLetters;

    @Option(names = "--follow", description = "Keep waiting for new records instead of stopping at the end.")
    boolean follow;

    @Option(names = "--from-end", description = "Start at the end of the topic (only new records).")
    boolean fromEnd;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records; 0: no limit.")
    long max;

    @Option(
            names = "--full-payload",
            description = "With --dead-letters: print each record's whole original bytes (base64); by default the "
                    + "first 64 bytes, with valueBytes and valueTruncated beside them.")
    boolean fullPayload;

    /** Bytes of a dead letter's original record shown unless --full-payload. */
    static final int PAYLOAD_SHOWN = 64;

    @Override
    public Integer call() {
        Class<? extends SpecificRecord> type = deadLetters ? DeadLetter.class : ClassifiedEvent.class;
        String t = topic != null
                ? topic
                : deadLetters ? JobOptions.DEAD_LETTER_TOPIC.defaultValue() : JobOptions.EVENTS_TOPIC.defaultValue();
        return read(t, type);
    }

    private <T extends SpecificRecord> int read(String t, Class<T> type) {
        AtomicLong printed = new AtomicLong();
        try (CommittedReader<T> reader = new CommittedReader<>(bootstrap, t, type, fromEnd)) {
            while (max <= 0 || printed.get() < max) {
                int n = reader.poll(Duration.ofMillis(500), r -> {
                    if (max <= 0 || printed.get() < max) {
                        System.out.println(AvroJson.toJsonLine(
                                (org.apache.avro.generic.GenericRecord) r,
                                fullPayload ? Integer.MAX_VALUE : PAYLOAD_SHOWN));
                        printed.incrementAndGet();
                    }
                });
                System.out.flush();
                if (n == 0 && !follow && reader.caughtUp()) {
                    break;
                }
            }
        }
        System.err.println("events: " + printed.get() + " record(s) from " + t);
        return 0;
    }
}
