package dev.saccade.operators;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A keyed function's per-stream idle expiry: one processing-time timer per stream, moved on with every record; when it
 * fires the function drops the stream's state. Keyed state itself, so it is checkpointed with the rest.
 */
public final class StreamExpiry {
    private final ValueState<Long> timer;

    /** Call in {@code open()}; {@code name} is the state's name (keep it stable across versions for savepoints). */
    public StreamExpiry(RuntimeContext context, String name) {
        timer = context.getState(new ValueStateDescriptor<>(name, Types.LONG));
    }

    /** The stream was active: its expiry moves to now + idle. */
    public void renew(TimerService timers, long idleMs) throws Exception {
        Long old = timer.value();
        if (old != null) {
            timers.deleteProcessingTimeTimer(old);
        }
        long at = timers.currentProcessingTime() + idleMs;
        timers.registerProcessingTimeTimer(at);
        timer.update(at);
    }

    /** True (and the timer's state cleared) when the timer firing at {@code timestamp} is this stream's expiry. */
    public boolean expiredAt(long timestamp) throws Exception {
        Long expected = timer.value();
        if (expected != null && expected == timestamp) {
            timer.clear();
            return true;
        }
        return false;
    }
}
