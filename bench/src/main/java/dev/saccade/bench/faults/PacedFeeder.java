package dev.saccade.bench.faults;

import dev.saccade.bench.JpegStreams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends every frame of the streams once, sequence-major across streams, spread evenly over a given time (0: as fast as
 * the broker takes them), through an idempotent producer that waits out a broker restart instead of failing.
 */
final class PacedFeeder implements Runnable {
    private final String bootstrap;
    private final String topic;
    private final List<JpegStreams.Stream> streams;
    private final double seconds;
    private final long captureBase;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean done;

    PacedFeeder(String bootstrap, String topic, List<JpegStreams.Stream> streams, double seconds, long captureBase) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.streams = streams;
        this.seconds = seconds;
        this.captureBase = captureBase;
    }

    @Override
    public void run() {
        int frames = streams.get(0).jpegs().length;
        long total = (long) frames * streams.size();
        long t0 = System.nanoTime();
        long sent = 0;
        try (Producer<byte[], byte[]> producer = producer()) {
            for (int seq = 0; seq < frames; seq++) {
                for (JpegStreams.Stream st : streams) {
                    long due = t0 + (long) (seconds * 1e9 * sent / total);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    st.id().getBytes(StandardCharsets.UTF_8),
                                    JpegStreams.frameRecord(st, seq, captureBase)),
                            (meta, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else {
                                    acked.incrementAndGet();
                                }
                            });
                    sent++;
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            done = true;
        }
    }

    boolean done() {
        return done;
    }

    long acked() {
        return acked.get();
    }

    /** The first send that failed, if any: then the run cannot say what was fed. */
    Exception failure() {
        return failure.get();
    }

    private Producer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // exactly once into the topic across a broker restart: retried sends are deduplicated by the broker
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }
}
