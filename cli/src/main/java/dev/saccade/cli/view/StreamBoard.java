package dev.saccade.cli.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.cli.AvroJson;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.VideoFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What the view knows about every stream: its newest frame, its newest event, a strip of recent labels, its frame
 * rate and how far its decisions trail its frames; plus totals over all streams. Fed by {@link TopicTail}, read by
 * {@link ViewServer}; every method is thread-safe.
 */
public final class StreamBoard {
    /** Labels kept per stream for the strip of recent labels. */
    public static final int RECENT_LABELS = 24;

    /** Frames received within this window give a stream's frame rate. */
    static final long RATE_WINDOW_MS = 5_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LongSupplier clock;
    private final Map<String, StreamState> streams = new TreeMap<>();
    private final Map<String, Long> byStage = new TreeMap<>();
    private final Map<String, Long> byLabel = new TreeMap<>();
    private final Map<String, Long> deadLettersByClass = new TreeMap<>();
    private long frames;
    private long undecodableRecords;
    private long events;
    private long deadLetters;
    private double gmacs;
    private double denseGmacs;

    public StreamBoard() {
        this(System::currentTimeMillis);
    }

    /** A board reading wall-clock time from {@code clock} (tests). */
    public StreamBoard(LongSupplier clock) {
        this.clock = clock;
    }

    public synchronized void onFrame(VideoFrame frame) {
        StreamState s = stream(frame.getStreamId().toString());
        long now = clock.getAsLong();
        s.latestFrame = frame;
        s.frames++;
        s.rate.addLast(new long[] {now, frame.getCaptureTime().toEpochMilli()});
        s.prune(now);
        frames++;
    }

    public synchronized void onEvent(ClassifiedEvent event) {
        StreamState s = stream(event.getStreamId().toString());
        s.lastEvent = event;
        s.events++;
        s.recent.addLast(event);
        while (s.recent.size() > RECENT_LABELS) {
            s.recent.removeFirst();
        }
        events++;
        byStage.merge(event.getStage().toString(), 1L, Long::sum);
        byLabel.merge(event.getLabel().toString(), 1L, Long::sum);
        gmacs += event.getGmacs();
        denseGmacs += event.getDenseGmacs();
    }

    public synchronized void onDeadLetter(DeadLetter deadLetter) {
        deadLetters++;
        deadLettersByClass.merge(deadLetter.getErrorClass().toString(), 1L, Long::sum);
    }

    /** A record of a watched topic that did not decode (the job dead-letters such frames itself). */
    public synchronized void onUndecodable() {
        undecodableRecords++;
    }

    public synchronized List<String> streamIds() {
        return new ArrayList<>(streams.keySet());
    }

    /** The stream's newest frame and newest event (either may be null), if the stream is known. */
    public synchronized Optional<Latest> latest(String streamId) {
        StreamState s = streams.get(streamId);
        return s == null ? Optional.empty() : Optional.of(new Latest(s.latestFrame, s.lastEvent));
    }

    /** {@code GET /api/streams}: one object per stream, sorted by stream id. */
    public synchronized ArrayNode streamsJson() {
        long now = clock.getAsLong();
        ArrayNode array = NODES.arrayNode();
        streams.forEach((id, s) -> array.add(s.json(id, now, false)));
        return array;
    }

    /** What the page shows: every stream with its recent labels, and the totals. */
    public synchronized ObjectNode stateJson() {
        long now = clock.getAsLong();
        ObjectNode state = NODES.objectNode();
        ArrayNode list = state.putArray("streams");
        double fps = 0;
        Long maxLag = null;
        for (Map.Entry<String, StreamState> e : streams.entrySet()) {
            list.add(e.getValue().json(e.getKey(), now, true));
            fps += e.getValue().framesPerSecond(now);
            Long lag = e.getValue().lagMs();
            if (lag != null && (maxLag == null || lag > maxLag)) {
                maxLag = lag;
            }
        }
        ObjectNode totals = state.putObject("totals");
        totals.put("streams", streams.size());
        totals.put("frames", frames);
        totals.put("framesPerSecond", round(fps));
        totals.put("events", events);
        ObjectNode stages = totals.putObject("eventsByStage");
        byStage.forEach(stages::put);
        ObjectNode labels = totals.putObject("eventsByLabel");
        byLabel.forEach(labels::put);
        totals.put("gmacsPerClip", events == 0 ? 0 : gmacs / events);
        totals.put("denseGmacsPerClip", events == 0 ? 0 : denseGmacs / events);
        if (gmacs > 0) {
            totals.put("saving", denseGmacs / gmacs);
        } else {
            totals.putNull("saving");
        }
        totals.put("deadLetters", deadLetters);
        ObjectNode dl = totals.putObject("deadLettersByClass");
        deadLettersByClass.forEach(dl::put);
        totals.put("undecodableRecords", undecodableRecords);
        if (maxLag == null) {
            totals.putNull("maxLagMs");
        } else {
            totals.put("maxLagMs", maxLag);
        }
        state.put("time", now);
        return state;
    }

    private StreamState stream(String id) {
        return streams.computeIfAbsent(id, k -> new StreamState());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** A stream's newest frame and newest event; either may be null. */
    public record Latest(VideoFrame frame, ClassifiedEvent event) {}

    private static final class StreamState {
        VideoFrame latestFrame;
        ClassifiedEvent lastEvent;
        long frames;
        long events;
        final Deque<long[]> rate = new ArrayDeque<>(); // {received at, captured at}
        final Deque<ClassifiedEvent> recent = new ArrayDeque<>();

        void prune(long now) {
            while (!rate.isEmpty() && rate.peekFirst()[0] < now - RATE_WINDOW_MS) {
                rate.removeFirst();
            }
        }

        /** Frames per second of capture time among the frames received in the last few seconds. */
        double framesPerSecond(long now) {
            prune(now);
            if (rate.size() < 2) {
                return 0;
            }
            long span = rate.peekLast()[1] - rate.peekFirst()[1];
            return span <= 0 ? 0 : (rate.size() - 1) * 1000.0 / span;
        }

        /** How far the newest decision trails the newest frame, in the stream's capture time. */
        Long lagMs() {
            if (latestFrame == null || lastEvent == null) {
                return null;
            }
            return Math.max(
                    0,
                    latestFrame.getCaptureTime().toEpochMilli()
                            - lastEvent.getLastCaptureTime().toEpochMilli());
        }

        ObjectNode json(String id, long now, boolean withRecent) {
            ObjectNode o = NODES.objectNode();
            o.put("streamId", id);
            o.set("lastEvent", lastEvent == null ? NODES.nullNode() : AvroJson.toNode(lastEvent));
            o.put("framesPerSecond", round(framesPerSecond(now)));
            Long lag = lagMs();
            if (lag == null) {
                o.putNull("lagMs");
            } else {
                o.put("lagMs", lag);
            }
            o.put("frames", frames);
            o.put("events", events);
            if (latestFrame != null) {
                o.put("lastFrameSequence", latestFrame.getSequence());
                o.put("width", latestFrame.getWidth());
                o.put("height", latestFrame.getHeight());
            } else {
                o.putNull("lastFrameSequence");
            }
            if (withRecent) {
                ArrayNode strip = o.putArray("recent");
                for (ClassifiedEvent e : recent) {
                    ObjectNode r = strip.addObject();
                    r.put("clipId", e.getClipId().toString());
                    r.put("label", e.getLabel().toString());
                    r.put("stage", e.getStage().toString());
                    r.put("confidence", round(e.getConfidence()));
                }
            }
            return o;
        }
    }
}
