package dev.saccade.bench.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One step's clips: when each was complete at the producer (the capture time of its last frame) and when its decision
 * arrived, on the same clock ({@code System.currentTimeMillis()} of this process, which stamps both).
 */
final class ClipLedger {
    /** One fed clip; arrival -1 while undecided. */
    static final class Entry {
        final String streamId;
        final long firstSequence;
        final long lastCaptureMs;
        final int frames;
        volatile long arrivalMs = -1;
        volatile String label;

        Entry(String streamId, long firstSequence, long lastCaptureMs, int frames) {
            this.streamId = streamId;
            this.firstSequence = firstSequence;
            this.lastCaptureMs = lastCaptureMs;
            this.frames = frames;
        }
    }

    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> inFeedOrder = new ConcurrentLinkedQueue<>();
    private final List<Entry> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private static String key(String streamId, long firstSequence) {
        return streamId + "/" + firstSequence;
    }

    /** The producer sent the clip's last frame, captured at lastCaptureMs. */
    void fed(String streamId, long firstSequence, long lastCaptureMs, int frames) {
        Entry e = new Entry(streamId, firstSequence, lastCaptureMs, frames);
        byKey.put(key(streamId, firstSequence), e);
        inFeedOrder.add(e);
        all.add(e);
    }

    /** A decision arrived; the first one counts (a read_uncommitted reader may see a retried write twice). */
    boolean decided(String streamId, long firstSequence, long arrivalMs, String label) {
        Entry e = byKey.get(key(streamId, firstSequence));
        if (e == null || e.arrivalMs >= 0) {
            return false;
        }
        e.label = label;
        e.arrivalMs = arrivalMs;
        return true;
    }

    /** Capture time of the last frame of the oldest clip still undecided, or -1 when every fed clip is decided. */
    long oldestUndecidedCaptureMs() {
        Entry head;
        while ((head = inFeedOrder.peek()) != null && head.arrivalMs >= 0) {
            inFeedOrder.poll();
        }
        return head == null ? -1 : head.lastCaptureMs;
    }

    /** Every clip fed so far, in feed order. */
    List<Entry> entries() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }
}
