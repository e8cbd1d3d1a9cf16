package dev.saccade.operators.clip;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per stream: gathers frames into clips of the configured length; a stream that goes quiet has its partial clip
 * flushed after the quiet timeout, and then keeps no state at all.
 */
public class ClipAssemblyFunction extends KeyedProcessFunction<String, FrameChange, Clip> {
    private final OperatorSettings settings;
    private final int modelWidth;
    private final int modelHeight;

    private transient ListState<FrameSummary> frames;
    private transient ValueState<Integer> frameCount;
    private transient ValueState<Long> quietTimer;
    /** The last frame of the stream's previous clip: the glance's difference channel needs the frame before a clip. */
    private transient ValueState<byte[]> leadFrame;
    /** sequence / clip length of the clip being filled: clips stay on the stream's grid even when a frame is missing. */
    private transient ValueState<Long> clipIndex;
    // across this subtask's streams: a backlogged subtask is not a quiet stream
    private transient long lastRecordAtMs;
    private transient long newestCaptureSeenMs;
    // a restored subtask's timers are overdue while its streams' frames may wait in Kafka: quietness and idleness are
    // judged only over time it has been running (bench faults: a 43 s outage would flush every clip being filled)
    private transient long runningSinceMs = Long.MIN_VALUE;

    public ClipAssemblyFunction(OperatorSettings settings) {
        this(settings, 0, 0);
    }

    /** For the models: clips also carry their frames at modelWidth x modelHeight, with the frame before them. */
    public ClipAssemblyFunction(OperatorSettings settings, int modelWidth, int modelHeight) {
        this.settings = settings;
        this.modelWidth = modelWidth;
        this.modelHeight = modelHeight;
    }

    @Override
    public void open(OpenContext openContext) {
        frames = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("clip-frames", TypeInformation.of(FrameSummary.class)));
        frameCount = getRuntimeContext().getState(new ValueStateDescriptor<>("clip-frame-count", Types.INT));
        quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
        clipIndex = getRuntimeContext().getState(new ValueStateDescriptor<>("clip-index", Types.LONG));
        leadFrame = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "lead-frame",
                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(FrameChange frame, Context ctx, Collector<Clip> out) throws Exception {
        long index = Math.floorDiv(frame.sequence, settings.clipLength());
        Long filling = clipIndex.value();
        if (filling != null && filling != index && frameCount.value() != null) {
            // the rest of the previous clip never came (a rejected or lost frame): close it rather than shift every
            // later
            // clip of the stream off its grid
            Long timer = quietTimer.value();
            if (timer != null) {
                ctx.timerService().deleteProcessingTimeTimer(timer);
            }
            emit(ctx.getCurrentKey(), true, true, out);
        }
        clipIndex.update(index);
        frames.add(FrameSummary.of(frame));
        lastRecordAtMs = ctx.timerService().currentProcessingTime();
        running(lastRecordAtMs);
        newestCaptureSeenMs = Math.max(newestCaptureSeenMs, frame.captureTimeMs);
        int count = frameCount.value() == null ? 1 : frameCount.value() + 1;
        Long timer = quietTimer.value();
        if (timer != null) {
            ctx.timerService().deleteProcessingTimeTimer(timer);
        }
        if (count >= settings.clipLength()) {
            emit(ctx.getCurrentKey(), false, true, out);
            if (leadFrame.value() != null) {
                // the kept lead frame goes when the stream's differencing state does, so a finished stream leaves no
                // state
                long at = ctx.timerService().currentProcessingTime() + settings.streamIdleTimeoutMs();
                ctx.timerService().registerProcessingTimeTimer(at);
                quietTimer.update(at);
            }
            return;
        }
        frameCount.update(count);
        long at = ctx.timerService().currentProcessingTime() + settings.clipQuietTimeoutMs();
        ctx.timerService().registerProcessingTimeTimer(at);
        quietTimer.update(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Clip> out) throws Exception {
        Long expected = quietTimer.value();
        if (expected == null || expected != timestamp) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (running(now)) {
            // the first thing this subtask does after a (re)start: that counts as activity, not as quiet
            lastRecordAtMs = now;
        }
        long streamNewest = Long.MIN_VALUE;
        for (FrameSummary f : frames.get()) {
            streamNewest = Math.max(streamNewest, f.captureTimeMs);
        }
        if (streamNewest == Long.MIN_VALUE) {
            long idle = settings.streamIdleTimeoutMs();
            if (now - runningSinceMs < idle) {
                rearm(ctx, runningSinceMs + idle);
                return;
            }
            leadFrame.clear();
            quietTimer.clear();
            return;
        }
        long quiet = settings.clipQuietTimeoutMs();
        boolean subtaskIdle = timestamp - lastRecordAtMs >= quiet;
        boolean othersMovedOn = newestCaptureSeenMs - streamNewest >= quiet;
        if (subtaskIdle || othersMovedOn) {
            emit(ctx.getCurrentKey(), true, false, out);
        } else {
            // the subtask is busy with frames no newer than this stream's (or has just been restored): its next frame
            // may just be queued behind them
            rearm(ctx, Math.max(timestamp, now) + quiet);
        }
    }

    private void rearm(OnTimerContext ctx, long at) throws Exception {
        ctx.timerService().registerProcessingTimeTimer(at);
        quietTimer.update(at);
    }

    /** Notes that the subtask runs at {@code now}; true the first time, after a start or a restore. */
    private boolean running(long now) {
        if (runningSinceMs == Long.MIN_VALUE) {
            runningSinceMs = now;
            return true;
        }
        return false;
    }

    /** @param streamGoesOn false when the stream went quiet: its next clip starts afresh, without a lead frame */
    private void emit(String streamId, boolean partial, boolean streamGoesOn, Collector<Clip> out) throws Exception {
        List<FrameSummary> buffered = new ArrayList<>();
        for (FrameSummary s : frames.get()) {
            buffered.add(s);
        }
        frames.clear();
        frameCount.clear();
        quietTimer.clear();
        clipIndex.clear();
        byte[] lead = leadFrame.value();
        if (!buffered.isEmpty()) {
            Clip clip = ClipBuilder.build(streamId, buffered, partial, lead, modelWidth, modelHeight);
            ClipBuilder.tileGrid(clip, settings.diffWidth(), settings.diffHeight(), settings.tileSize());
            out.collect(clip);
            // a stream that went quiet starts afresh; otherwise the next clip's difference channel needs this clip's
            // end
            if (clip.frames != null && streamGoesOn) {
                leadFrame.update(clip.frames[clip.frames.length - 1]);
            } else {
                leadFrame.clear();
            }
        }
    }
}
