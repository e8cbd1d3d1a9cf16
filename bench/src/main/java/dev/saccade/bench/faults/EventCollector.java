package dev.saccade.bench.faults;

import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Reads an events topic {@code read_committed} on a thread of its own, noting when each event became visible. */
final class EventCollector implements AutoCloseable {
    /** An event and the wall-clock time (ms) the reader saw it. */
    record Seen(long atMs, ClassifiedEvent event) {}

    private final List<Seen> seen = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    EventCollector(String bootstrap, String topic) {
        thread = new Thread(
                () -> {
                    try (CommittedReader<ClassifiedEvent> reader =
                            new CommittedReader<>(bootstrap, topic, ClassifiedEvent.class, false)) {
                        while (!stop) {
                            reader.poll(Duration.ofMillis(200), e -> {
                                synchronized (seen) {
                                    seen.add(new Seen(System.currentTimeMillis(), e));
                                }
                            });
                        }
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                },
                "faults-events-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    Exception failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
