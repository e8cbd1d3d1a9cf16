package dev.saccade.bench.live;

import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.ClassifiedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the events topic as each decision is written, stamping its arrival: read_uncommitted, because an exactly-once
 * job's events become visible to read_committed readers only at its next checkpoint, which is a configured delay
 * ({@code saccade.checkpoint.interval}), not the time the job took to decide.
 */
final class ArrivalReader implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ObjLongConsumer<ClassifiedEvent> sink;
    private volatile boolean running = true;
    private final Thread thread;

    ArrivalReader(String bootstrap, String topic, ObjLongConsumer<ClassifiedEvent> sink) {
        this.sink = sink;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a decision should not wait for a fuller fetch
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this, "bench-live-events");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            // one stamp per poll, taken as the records came back and before any decoding
            long arrivalMs = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                sink.accept(AvroBytes.decode(r.value(), ClassifiedEvent.class), arrivalMs);
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
