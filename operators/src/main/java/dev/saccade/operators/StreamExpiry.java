package dev.saccade.operators;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A keyed function's per-stream idle expiry: one processing-time timer per stream, moved on with every record; when it
 * fires the function drops the stream's state. Keyed state itself, so it is checkpointed with the rest. A stream is
 * judged idle only over time this subtask has been running: after a restore its timers are overdue, but its frames
 * may be waiting in Kafka (seen in {@code bench faults}: a 43 s outage expired every stream and changed two clips).
 */
public final class StreamExpiry {
    private final ValueState<Long> timer;
    private long runningSinceMs = Long.MIN_VALUE;

    /** Call in {@code open()}; {@code name} is the state's name (keep it stable across versions for savepoints). */
    public StreamExpiry(RuntimeContext context, String name) {
        timer = context.getState(new ValueStateDescriptor<>(name, Types.LONG));
    }

    /** The stream was active: its expiry moves to now + idle. */
    public void renew(TimerService timers, long idleMs) throws Exception {
        long now = timers.currentProcessingTime();
        running(now);
        Long old = timer.value();
        if (old != null) {
            timers.deleteProcessingTimeTimer(old);
        }
        long at = now + idleMs;
        timers.registerProcessingTimeTimer(at);
        timer.update(at);
    }

    /**
     * True (and the timer's state cleared) when the timer firing at {@code timestamp} is this stream's expiry and this
     * subtask has run for {@code idleMs} since it started; a timer that fires earlier than that is moved to then.
     */
    public boolean expiredAt(long timestamp, TimerService timers, long idleMs) throws Exception {
        long now = timers.currentProcessingTime();
        running(now);
        Long expected = timer.value();
        if (expected == null || expected != timestamp) {
            return false;
        }
        if (now - runningSinceMs < idleMs) {
            long at = runningSinceMs + idleMs;
            timers.registerProcessingTimeTimer(at);
            timer.update(at);
            return false;
        }
        timer.clear();
        return true;
    }

    private void running(long now) {
        if (runningSinceMs == Long.MIN_VALUE) {
            runningSinceMs = now;
        }
    }
}
