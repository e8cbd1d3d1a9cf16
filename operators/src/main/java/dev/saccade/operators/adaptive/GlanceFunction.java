package dev.saccade.operators.adaptive;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cascade.NonFiniteOutput;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.StreamExpiry;
import dev.saccade.operators.motion.MotionClassifier;
import dev.saccade.operators.motion.MotionDecision;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The adaptive pipeline's CPU stage: a clip without motion is decided without any network; otherwise f_G, the policy
 * and exit 0 run, and a confident clip becomes an event here. The rest leave as focus requests (side output) carrying
 * h and only the full-resolution patches the policy chose. Keyed by stream: the stream's skip-convolution cache (in
 * operator memory: maps of megabytes that are rebuilt from the next frame, not worth a checkpoint) is freed by the
 * same idle timeout that clears the stream's other state.
 */
public class GlanceFunction extends KeyedProcessFunction<String, Clip, ClassifiedEvent> {
    public static final OutputTag<FocusRequest> FOCUS_REQUESTS = new OutputTag<>(
            "focus-requests", org.apache.flink.api.common.typeinfo.TypeInformation.of(FocusRequest.class));
    public static final String MOTION_STAGE = "motion";

    private final OperatorSettings settings;
    private final ModelSettings model;

    private transient ModelBundle bundle;
    private transient NDManager manager;
    private transient GlanceStage glance;
    private transient dev.saccade.models.cascade.SkipConvGlance skipGlance;
    private transient dev.saccade.models.cascade.OrtGlance ortGlance;
    private transient MotionClassifier motion;
    private transient int staticLabel;
    private transient Counter motionGated;
    private transient Counter glanceExits;
    private transient Counter focusRequests;
    private transient Counter gmacsMilli;
    private transient Counter clips;
    private transient Counter failedClips;
    private transient Histogram latency;
    private transient StreamExpiry expiry;

    public GlanceFunction(OperatorSettings settings, ModelSettings model) {
        this.settings = settings;
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        Inference.configureInferenceThread();
        bundle = ModelBundle.load(Path.of(model.bundle()));
        manager = Inference.newManager();
        double exit0 = model.thresholdsOr(bundle.thresholds())[0];
        glance = new GlanceStage(bundle.nets(), exit0);
        if (model.glanceSkipConv()) {
            skipGlance = new dev.saccade.models.cascade.SkipConvGlance(
                    bundle.nets(),
                    exit0,
                    dev.saccade.models.skipconv.SkipConvSettings.defaults().withEpsilon(model.glanceSkipEpsilon()),
                    model.glanceSkipMaxStreams());
        } else if (model.glanceEncoder() == dev.saccade.operators.OperatorOptions.GlanceEncoder.ONNXRUNTIME) {
            ortGlance = new dev.saccade.models.cascade.OrtGlance(
                    bundle.nets(), exit0, dev.saccade.models.onnx.OrtEncoder.Threads.ONE);
        }
        motion = new MotionClassifier(settings.motionMinChangedFraction(), settings.motionMovingFrameRatio());
        staticLabel = StaticLabel.resolve(
                model.motionGate(), model.staticLabel(), bundle.manifest().labels());
        expiry = new StreamExpiry(getRuntimeContext(), "glance-expiry-timer");
        var metrics = getRuntimeContext().getMetricGroup();
        clips = metrics.counter("clips");
        motionGated = metrics.counter("exitMotion");
        glanceExits = metrics.counter("exitGlance");
        focusRequests = metrics.counter("focusRequests");
        failedClips = metrics.counter(FailedClips.METRIC);
        gmacsMilli = metrics.counter("megaMacs");
        metrics.gauge(
                "glanceExitFraction",
                () -> clips.getCount() == 0
                        ? 0.0
                        : (double) (motionGated.getCount() + glanceExits.getCount()) / clips.getCount());
        metrics.gauge(
                "gmacsPerClip", () -> clips.getCount() == 0 ? 0.0 : gmacsMilli.getCount() / 1e3 / clips.getCount());
        latency = metrics.histogram("captureToDecisionLatencyMs", new DescriptiveStatisticsHistogram(1000));
        if (skipGlance != null) {
            metrics.gauge("skipConvOpenFraction", skipGlance::openFraction);
            metrics.gauge("skipConvMacRatio", skipGlance::macRatio);
            metrics.gauge("skipConvStreams", skipGlance::streams);
            metrics.gauge("skipConvStateBytesPerStream", skipGlance::stateBytesPerStream);
        }
    }

    @Override
    public void processElement(Clip clip, Context ctx, Collector<ClassifiedEvent> out) throws Exception {
        clips.inc();
        expiry.renew(ctx.timerService(), settings.streamIdleTimeoutMs());
        try {
            classify(clip, ctx, out);
        } catch (NonFiniteOutput err) {
            FailedClips.record(failedClips, clip.clipId, err);
        }
    }

    private void classify(Clip clip, Context ctx, Collector<ClassifiedEvent> out) {
        int t = bundle.manifest().clipLength();
        double denseGmacs = bundle.fullModelGmacsPerClip();
        List<String> labels = bundle.manifest().labels();
        long now = ctx.timerService().currentProcessingTime();
        if (staticLabel >= 0 && isStatic(clip)) {
            motionGated.inc();
            float[] p = new float[labels.size()];
            p[staticLabel] = 1f;
            emit(
                    out,
                    ModelEvents.forClip(
                            clip,
                            labels,
                            new ModelEvents.Outcome(p, MOTION_STAGE, List.of(), 0.0, denseGmacs, 0),
                            bundle.manifest().version(),
                            now));
            return;
        }
        ClipData data = ModelClips.of(clip, t);
        // the looks go where they are in the bundle's frame, whatever size the frames were decoded at
        int planWidth = bundle.manifest().frameWidth();
        int planHeight = bundle.manifest().frameHeight();
        // clips of a stream arrive in order (keyed by stream), so the skip-convolution references follow the stream
        GlanceStage.Glance g;
        if (skipGlance != null) {
            g = skipGlance.run(manager, clip.streamId, data, planWidth, planHeight);
        } else if (ortGlance != null) {
            g = ortGlance.run(manager, data, planWidth, planHeight);
        } else {
            g = glance.run(manager, List.of(data), planWidth, planHeight).get(0);
        }
        gmacsMilli.inc(g.macs() / 1_000_000);
        NonFiniteOutput.check(g.probabilities(), "glance");
        if (g.decided()) {
            glanceExits.inc();
            emit(
                    out,
                    ModelEvents.forClip(
                            clip,
                            labels,
                            new ModelEvents.Outcome(
                                    g.probabilities(),
                                    "glance",
                                    List.of(),
                                    g.macs() / 1e9,
                                    denseGmacs,
                                    t,
                                    ModelEvents.counts(bundle, g.clipFeatures(), g.label())),
                            bundle.manifest().version(),
                            now));
            return;
        }
        focusRequests.inc();
        ctx.output(
                FOCUS_REQUESTS,
                FocusRequests.of(
                        clip,
                        ModelClips.fullSize(clip, data, g.plan(), planWidth, planHeight),
                        g,
                        denseGmacs,
                        bundle.manifest().version()));
    }

    /** The stream went quiet: its skip-convolution cache and its timer go. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClassifiedEvent> out) throws Exception {
        if (expiry.expiredAt(timestamp, ctx.timerService(), settings.streamIdleTimeoutMs()) && skipGlance != null) {
            skipGlance.forget(ctx.getCurrentKey());
        }
    }

    /** Streams whose skip-convolution cache this subtask holds (0 without skip-convolutions). */
    public int cachedStreams() {
        return skipGlance == null ? 0 : skipGlance.streams();
    }

    private void emit(Collector<ClassifiedEvent> out, ClassifiedEvent e) {
        latency.update(e.getProcessingLatencyMs());
        out.collect(e);
    }

    /** Static when no frame pair moved at all: anything that moved at all is left to the networks. */
    private boolean isStatic(Clip clip) {
        MotionDecision d = motion.classify(clip);
        return d.comparedPairs() > 0 && d.movingPairs() == 0;
    }

    @Override
    public void close() {
        if (skipGlance != null) {
            skipGlance.close();
        }
        if (ortGlance != null) {
            ortGlance.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (bundle != null) {
            bundle.close();
        }
    }
}
