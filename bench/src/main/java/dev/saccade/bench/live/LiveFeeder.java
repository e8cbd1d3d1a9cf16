package dev.saccade.bench.live;

import dev.saccade.bench.PipelineBench;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays {@code streams} live cameras into the frames topic: each at the same frame rate, their frames spread evenly
 * over the frame interval (cameras are not in lockstep), each frame stamped with the time it is sent as its capture
 * time. Whole clips only; a clip's last frame enters the ledger as it is sent. Stream i is the same camera in every
 * step, its sequence going on where the last step that fed it stopped: a step with more streams adds cameras to
 * those already live (as a site adds cameras), one with fewer lets the rest go quiet.
 */
final class LiveFeeder {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final List<PipelineBench.Stream> pool;
    private final int clipLength;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long[] nextSequence = new long[0];

    LiveFeeder(Producer<String, byte[]> producer, String topic, List<PipelineBench.Stream> pool, int clipLength) {
        this.producer = producer;
        this.topic = topic;
        this.pool = pool;
        this.clipLength = clipLength;
    }

    /** Live stream i plays pool stream i mod the pool's size, from a clip offset of its own. */
    PipelineBench.Stream source(int stream) {
        return pool.get(stream % pool.size());
    }

    /** Frame of the pool stream that live stream i sends as its sequence seq. */
    int frameOf(int stream, long seq) {
        PipelineBench.Stream st = source(stream);
        long offset = (long) (stream / pool.size()) * 5 * clipLength;
        return (int) ((seq + offset) % st.jpegs().length);
    }

    /** Stream i's id. */
    static String id(int stream) {
        return "live-" + stream;
    }

    /** Stream index of an id this feeder gave. */
    static int index(String id) {
        return Integer.parseInt(id.substring("live-".length()));
    }

    /**
     * Feeds streams 0..n-1 for about {@code durationMs} (whole clips), or until {@code stop} says so at a clip
     * boundary; returns the frames sent.
     */
    long feed(int streams, double fps, long durationMs, ClipLedger ledger, BooleanSupplier stop) {
        if (nextSequence.length < streams) {
            nextSequence = java.util.Arrays.copyOf(nextSequence, streams);
        }
        long clips = Math.max(1, Math.round(durationMs / 1000.0 * fps / clipLength));
        long frames = clips * clipLength;
        double slotNs = 1e9 / fps / streams;
        long start = System.nanoTime();
        long sent = 0;
        for (long k = 0; k < frames; k++) {
            if (k % clipLength == 0 && k > 0 && stop.getAsBoolean()) {
                break;
            }
            for (int i = 0; i < streams; i++) {
                long due = start + (long) ((k * streams + i) * slotNs);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long seq = nextSequence[i]++;
                long captureMs = System.currentTimeMillis();
                send(id(i), source(i), frameOf(i, seq), seq, captureMs);
                sent++;
                if (seq % clipLength == clipLength - 1) {
                    ledger.fed(id(i), seq - clipLength + 1, captureMs, clipLength);
                }
            }
        }
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            // a lost frame leaves a clip undecided: the step would count it against the job
            throw new IllegalStateException("bench: the live feed lost frames: " + e, e);
        }
        return sent;
    }

    private void send(String id, PipelineBench.Stream st, int frame, long seq, long captureMs) {
        VideoFrame vf = VideoFrame.newBuilder()
                .setStreamId(id)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(captureMs))
                .setWidth(st.width())
                .setHeight(st.height())
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(st.jpegs()[frame]))
                .setMetadata(null)
                .build();
        producer.send(new ProducerRecord<>(topic, id, AvroBytes.encode(vf)), (meta, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** The generator's label of the clip that live stream i sent from firstSequence. */
    String label(int stream, long firstSequence) {
        PipelineBench.Stream st = source(stream);
        return st.clipLabels()[frameOf(stream, firstSequence) / clipLength];
    }
}
