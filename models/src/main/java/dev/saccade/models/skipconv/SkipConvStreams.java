package dev.saccade.models.skipconv;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-stream skip-convolution caches of one operator subtask, bounded by a maximum number of streams: the least
 * recently used stream is evicted, and its next frame then runs densely. Memory, not checkpointed state.
 */
public final class SkipConvStreams {
    private final SkipConvNetwork network;
    private final int maxStreams;
    private final LinkedHashMap<String, SkipConvState> states;
    private long evictions;

    public SkipConvStreams(SkipConvNetwork network, int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be at least 1");
        }
        this.network = network;
        this.maxStreams = maxStreams;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SkipConvState> eldest) {
                boolean evict = size() > SkipConvStreams.this.maxStreams;
                if (evict) {
                    evictions++;
                }
                return evict;
            }
        };
    }

    /** The stream's cache, created (fresh, so its next frame runs densely) if absent or evicted. */
    public SkipConvState state(String streamId) {
        return states.computeIfAbsent(streamId, id -> network.newState());
    }

    /** Drops a stream's cache (stream ended). */
    public void remove(String streamId) {
        states.remove(streamId);
    }

    public int size() {
        return states.size();
    }

    public long evictions() {
        return evictions;
    }

    /** Bytes one stream's cache holds. */
    public long bytesPerStream() {
        return network.stateBytes();
    }
}
