package dev.saccade.bench.fuzz;

import dev.saccade.bench.JpegStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes bad focus requests in bursts while the glance job's requests commit, so they interleave on the same
 * partitions (keyed by the same streams); whatever is left goes once every good clip is decided.
 */
final class RequestInjector {
    private static final int BURSTS = 20;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final List<JpegStreams.Stream> streams;
    private final BadRequests bad;
    private final int total;
    private final int burst;
    private final Ledger ledger;
    private int sent;
    private int eventsAtLastBurst = -1;

    RequestInjector(
            Producer<byte[], byte[]> producer,
            String topic,
            List<JpegStreams.Stream> streams,
            BadRequests bad,
            int total,
            Ledger ledger) {
        this.producer = producer;
        this.topic = topic;
        this.streams = streams;
        this.bad = bad;
        this.total = total;
        this.burst = Math.max(1, total / BURSTS);
        this.ledger = ledger;
    }

    /** Sends a burst each time more events committed (the requests of that checkpoint did too). */
    void tick(int eventsSoFar, boolean goodClipsDone) throws Exception {
        if (done()) {
            return;
        }
        if (goodClipsDone) {
            send(total - sent);
        } else if (eventsSoFar > eventsAtLastBurst) {
            eventsAtLastBurst = eventsSoFar;
            send(Math.min(burst, total - sent));
        }
    }

    boolean done() {
        return sent >= total;
    }

    private void send(int n) throws Exception {
        RequestFault[] faults = RequestFault.values();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        List<RequestFault> kinds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RequestFault fault = faults[(sent + i) % faults.length];
            String stream = streams.get((sent + i) % streams.size()).id();
            pending.add(FuzzBench.send(producer, topic, stream, bad.build(fault, stream)));
            kinds.add(fault);
        }
        producer.flush();
        for (int i = 0; i < n; i++) {
            RecordMetadata m = pending.get(i).get();
            ledger.add(topic, m.partition(), m.offset(), kinds.get(i).name(), kinds.get(i).errorClass);
        }
        sent += n;
    }
}
