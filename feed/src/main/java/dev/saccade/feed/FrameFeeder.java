package dev.saccade.feed;

import dev.saccade.operators.media.ImageCodec;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Feeds streams into Kafka as JPEG VideoFrame records keyed by stream id, paced to the fps or as fast as possible. */
public final class FrameFeeder {
    /** Where feeding stands; reported about once a second and at the end. */
    public record Progress(long framesSent, long bytesSent, long undecodable, long sendErrors, double elapsedSeconds) {
        public double framesPerSecond() {
            return elapsedSeconds <= 0 ? 0 : framesSent / elapsedSeconds;
        }
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final List<FeedStream> streams;
    private final double fps;
    private final boolean realtime;
    private final int jpegQuality;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicReference<Exception> firstSendError = new AtomicReference<>();

    public FrameFeeder(
            Producer<String, byte[]> producer,
            String topic,
            List<FeedStream> streams,
            double fps,
            boolean realtime,
            int jpegQuality) {
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive");
        }
        this.producer = producer;
        this.topic = topic;
        this.streams = streams;
        this.fps = fps;
        this.realtime = realtime;
        this.jpegQuality = jpegQuality;
    }

    /** Producer settings for frames: idempotent, all acks, one request in flight, room for large frames. */
    public static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        // one request in flight: with five, a backlog of thousands of frames into the in-process broker on a busy
        // machine twice ended in OutOfOrderSequenceException (sequence 0 against hundreds) retried until the delivery
        // timeout (bench fuzz's prefill, bench pipeline's adaptive backlog); batches still carry many frames each
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return p;
    }

    public static Producer<String, byte[]> createProducer(String bootstrapServers) {
        return new KafkaProducer<>(producerProperties(bootstrapServers));
    }

    /**
     * Feeds until the duration passes (0: no limit), every stream has sent maxFramesPerStream (0: no limit), all
     * sources are exhausted, or stop says so.
     */
    public Progress run(long durationMs, long maxFramesPerStream, BooleanSupplier stop, Consumer<Progress> onProgress)
            throws InterruptedException {
        long start = System.nanoTime();
        long nextReport = start + 1_000_000_000L;
        long tick = 0;
        while (!stop.getAsBoolean()) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if (durationMs > 0 && elapsedMs >= durationMs) {
                break;
            }
            boolean anyActive = false;
            for (FeedStream s : streams) {
                if (s.exhausted() || (maxFramesPerStream > 0 && s.framesSent() >= maxFramesPerStream)) {
                    continue;
                }
                RawFrame frame = s.source().next();
                if (frame == null) {
                    s.markExhausted();
                    continue;
                }
                anyActive = true;
                send(s, frame);
            }
            if (!anyActive) {
                break;
            }
            tick++;
            if (realtime) {
                long due = start + (long) (tick * 1e9 / fps);
                long waitNs = due - System.nanoTime();
                if (waitNs > 0) {
                    Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
                }
            }
            if (System.nanoTime() >= nextReport) {
                onProgress.accept(progress(start));
                nextReport += 1_000_000_000L;
            }
        }
        producer.flush();
        Progress done = progress(start);
        onProgress.accept(done);
        return done;
    }

    private void send(FeedStream s, RawFrame frame) {
        byte[] jpeg = ImageCodec.encodeJpeg(frame.bgr(), frame.width(), frame.height(), jpegQuality);
        VideoFrame vf = VideoFrame.newBuilder()
                .setStreamId(s.streamId())
                .setSequence(s.takeSequence())
                .setCaptureTime(Instant.now())
                .setWidth(frame.width())
                .setHeight(frame.height())
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(jpeg))
                .setMetadata(frame.metadata())
                .build();
        byte[] value = AvroBytes.encode(vf);
        producer.send(new ProducerRecord<>(topic, s.streamId(), value), (meta, error) -> {
            if (error != null) {
                sendErrors.incrementAndGet();
                firstSendError.compareAndSet(null, error);
            } else {
                bytesSent.addAndGet(value.length);
            }
        });
    }

    private Progress progress(long start) {
        long frames = 0;
        long undecodable = 0;
        for (FeedStream s : streams) {
            frames += s.framesSent();
            undecodable += s.source().undecodableFrames();
        }
        return new Progress(frames, bytesSent.get(), undecodable, sendErrors.get(), (System.nanoTime() - start) / 1e9);
    }

    /** The first error a send reported, if any; the feeder keeps going past send errors and counts them. */
    public Exception firstSendError() {
        return firstSendError.get();
    }
}
