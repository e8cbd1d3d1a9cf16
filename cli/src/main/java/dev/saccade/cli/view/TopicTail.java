package dev.saccade.cli.view;

import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.VideoFrame;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the frames, events and dead-letter topics into a {@link StreamBoard} on its own thread, as one
 * {@code read_committed} consumer with no group (nothing is committed, the job's offsets are untouched). It starts a
 * few records before the end of each partition: the newest frames, and the last {@code history} events and dead
 * letters, so a view opened on a running cluster shows something at once without reading whole topics. Records
 * that do not decode are counted and skipped.
 */
public final class TopicTail implements AutoCloseable {
    /** Frames read back per partition at start, so every stream has a frame to show before the next arrives. */
    static final int FRAME_HISTORY = 32;

    private final String bootstrap;
    private final String framesTopic;
    private final String eventsTopic;
    private final String deadLetterTopic;
    private final int history;
    private final StreamBoard board;
    private final PrintStream log;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public TopicTail(
            String bootstrap,
            String framesTopic,
            String eventsTopic,
            String deadLetterTopic,
            int history,
            StreamBoard board,
            PrintStream log) {
        this.bootstrap = bootstrap;
        this.framesTopic = framesTopic;
        this.eventsTopic = eventsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.history = history;
        this.board = board;
        this.log = log;
        this.thread = new Thread(this::run, "view-topic-tail");
        thread.setDaemon(true);
    }

    public TopicTail start() {
        thread.start();
        return this;
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "saccade-view");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            consumer = c;
            List<TopicPartition> partitions = waitForTopics(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long back = tp.topic().equals(framesTopic) ? FRAME_HISTORY : history;
                c.seek(tp, Math.max(begin.get(tp), end.get(tp) - back));
            }
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    accept(r.topic(), r.value());
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            if (running.get()) {
                log.println("view: reading the topics failed: " + e);
            }
        }
    }

    /** All partitions of the three topics, waiting for topics not created yet; null once closed. */
    private List<TopicPartition> waitForTopics(KafkaConsumer<byte[], byte[]> c) {
        boolean warned = false;
        while (running.get()) {
            Map<String, Integer> missing = new HashMap<>();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(framesTopic, eventsTopic, deadLetterTopic)) {
                var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    missing.put(topic, 0);
                } else {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            if (missing.isEmpty()) {
                return partitions;
            }
            if (!warned) {
                log.println("view: waiting for topic(s) " + missing.keySet() + " to exist on " + bootstrap
                        + " (./saccade topics creates them)");
                warned = true;
            }
            sleep(2000);
        }
        return null;
    }

    void accept(String topic, byte[] value) {
        try {
            if (topic.equals(framesTopic)) {
                board.onFrame(AvroBytes.decode(value, VideoFrame.class));
            } else if (topic.equals(eventsTopic)) {
                board.onEvent(AvroBytes.decode(value, ClassifiedEvent.class));
            } else if (topic.equals(deadLetterTopic)) {
                board.onDeadLetter(AvroBytes.decode(value, DeadLetter.class));
            }
        } catch (RuntimeException undecodable) {
            board.onUndecodable();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
