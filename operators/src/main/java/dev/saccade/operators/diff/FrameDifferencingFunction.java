package dev.saccade.operators.diff;

import dev.saccade.operators.DeadLetterOutput;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.StreamExpiry;
import dev.saccade.operators.ingest.DeadLetters;
import dev.saccade.operators.ingest.FrameDecoder;
import dev.saccade.operators.ingest.FrameRejectedException;
import dev.saccade.operators.ingest.RejectReason;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.VideoFrame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per stream: validates and decodes each frame once, rejects frames far out of order or whose sequence goes
 * backwards, and measures per-tile
 * change against the stream's previous working frame. State expires when the stream goes quiet.
 */
public class FrameDifferencingFunction extends KeyedProcessFunction<String, FrameEnvelope, FrameChange> {
    private final OperatorSettings settings;
    private final int modelWidth;
    private final int modelHeight;
    private final int modelScale;

    private transient FrameDecoder decoder;
    private transient TileDifferencer differencer;
    private transient ValueState<byte[]> previousFrame;
    private transient ValueState<Long> newestCaptureMs;
    private transient ValueState<Long> newestSequence;
    private transient StreamExpiry expiry;
    private transient Counter framesIn;
    private transient Counter framesRejected;
    private transient Counter staticFrames;

    public FrameDifferencingFunction(OperatorSettings settings) {
        this(settings, 0, 0);
    }

    /** Also hands on each frame as BGR at the models' resolution (modelWidth 0: no models downstream). */
    public FrameDifferencingFunction(OperatorSettings settings, int modelWidth, int modelHeight) {
        this(settings, modelWidth, modelHeight, 1);
    }

    /**
     * As {@link #FrameDifferencingFunction(OperatorSettings, int, int)} with the model frame at 1/modelScale of that
     * size, decoded reduced ({@link FrameDecoder#decode(VideoFrame, int, int, int)}), each frame's own bytes handed on
     * for a full-size decode where the focus stage needs one.
     */
    public FrameDifferencingFunction(OperatorSettings settings, int modelWidth, int modelHeight, int modelScale) {
        if (modelScale < 1 || (modelWidth > 0 && (modelWidth % modelScale != 0 || modelHeight % modelScale != 0))) {
            throw new IllegalArgumentException(
                    "model frame scale 1/" + modelScale + " does not divide " + modelWidth + "x" + modelHeight);
        }
        this.settings = settings;
        this.modelWidth = modelWidth;
        this.modelHeight = modelHeight;
        this.modelScale = modelScale;
    }

    @Override
    public void open(OpenContext openContext) {
        // Flink already runs one subtask per core: OpenCV's own pool would only make them fight
        org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        decoder = new FrameDecoder(settings);
        differencer = new TileDifferencer(
                settings.diffWidth(),
                settings.diffHeight(),
                settings.tileSize(),
                settings.tileThreshold(),
                settings.sceneCutFraction());
        previousFrame = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "previous-frame", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        newestCaptureMs = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-capture", Types.LONG));
        newestSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-sequence", Types.LONG));
        expiry = new StreamExpiry(getRuntimeContext(), "expiry-timer");
        framesIn = getRuntimeContext().getMetricGroup().counter("framesIn");
        framesRejected = getRuntimeContext().getMetricGroup().counter("framesRejected");
        staticFrames = getRuntimeContext().getMetricGroup().counter("staticFrames");
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        "staticFrameFraction",
                        () -> framesIn.getCount() == 0 ? 0.0 : (double) staticFrames.getCount() / framesIn.getCount());
        // frames/s beside the counter, as the dashboards want it
        getRuntimeContext().getMetricGroup().meter("framesPerSecond", new org.apache.flink.metrics.MeterView(framesIn));
    }

    @Override
    public void processElement(FrameEnvelope envelope, Context ctx, Collector<FrameChange> out) throws Exception {
        framesIn.inc();
        long now = ctx.timerService().currentProcessingTime();
        VideoFrame frame = envelope.frame;
        long captureMs = frame.getCaptureTime().toEpochMilli();
        byte[] working;
        byte[] model;
        FrameDecoder.Decoded decoded;
        try {
            Long newest = newestCaptureMs.value();
            if (newest != null && captureMs < newest - settings.maxOutOfOrderMs()) {
                throw new FrameRejectedException(
                        RejectReason.OUT_OF_ORDER,
                        "captured " + (newest - captureMs)
                                + " ms before the newest frame of stream " + frame.getStreamId() + " (limit "
                                + settings.maxOutOfOrderMs() + " ms)");
            }
            checkSequence(frame, newestSequence.value());
            decoded = decoder.decode(frame, modelWidth, modelHeight, modelScale);
            working = decoded.working();
            model = decoded.model();
        } catch (FrameRejectedException rejected) {
            framesRejected.inc();
            ctx.output(DeadLetterOutput.TAG, DeadLetters.forFrame(envelope, rejected, now));
            return;
        }

        byte[] previous = previousFrame.value();
        TileChange change = previous == null ? differencer.none() : differencer.compare(previous, working);
        previousFrame.update(working);
        if (newestCaptureMs.value() == null || captureMs > newestCaptureMs.value()) {
            newestCaptureMs.update(captureMs);
        }
        newestSequence.update(frame.getSequence());
        expiry.renew(ctx.timerService(), settings.streamIdleTimeoutMs());
        if (previous != null && change.changedFraction() == 0.0) {
            staticFrames.inc();
        }

        FrameChange c = new FrameChange();
        c.streamId = frame.getStreamId();
        c.sequence = frame.getSequence();
        c.captureTimeMs = captureMs;
        c.arrivalMs = now;
        c.width = frame.getWidth();
        c.height = frame.getHeight();
        c.gridCols = change.cols();
        c.gridRows = change.rows();
        c.changedTiles = change.changed();
        c.changedFraction = change.changedFraction();
        c.meanAbsDiff = change.meanAbsDiff();
        c.firstFrame = previous == null;
        c.sceneCut = change.sceneCut();
        c.modelFrame = model;
        c.modelWidth = modelWidth / modelScale;
        c.modelHeight = modelHeight / modelScale;
        c.encodedFrame = decoded.full();
        c.encoding = decoded.fullEncoding();
        c.sourceFrame = sourceFrame(frame);
        out.collect(c);
    }

    /**
     * A frame whose sequence is not after the newest accepted frame of its stream is a duplicate or a replay: let
     * through, it would overwrite the differencing state and split the stream's current clip.
     */
    static void checkSequence(VideoFrame frame, Long newest) throws FrameRejectedException {
        if (newest != null && frame.getSequence() <= newest) {
            throw new FrameRejectedException(
                    RejectReason.OUT_OF_ORDER,
                    "sequence " + frame.getSequence() + " is not after the newest sequence " + newest + " of stream "
                            + frame.getStreamId() + " (a duplicate or replayed frame)");
        }
    }

    /** The frame's index in its source video from the producer's metadata, or -1. */
    static long sourceFrame(VideoFrame frame) {
        String v = frame.getMetadata() == null ? null : frame.getMetadata().get("source.frame");
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FrameChange> out) throws Exception {
        if (expiry.expiredAt(timestamp, ctx.timerService(), settings.streamIdleTimeoutMs())) {
            previousFrame.clear();
            newestCaptureMs.clear();
            newestSequence.clear();
        }
    }
}
