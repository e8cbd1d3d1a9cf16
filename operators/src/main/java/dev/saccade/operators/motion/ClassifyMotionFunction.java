package dev.saccade.operators.motion;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.ClipHeader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.LabelScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Labels each clip static or motion from its frame differences and turns it into a classified event. */
public class ClassifyMotionFunction extends ProcessFunction<Clip, ClassifiedEvent> {
    public static final String STAGE = "motion";
    public static final String MODEL_VERSION = "motion-v1";

    private final OperatorSettings settings;
    private transient MotionClassifier classifier;
    private transient Counter motionClips;
    private transient Counter staticClips;
    private transient Histogram latency;

    public ClassifyMotionFunction(OperatorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        classifier = new MotionClassifier(settings.motionMinChangedFraction(), settings.motionMovingFrameRatio());
        motionClips = getRuntimeContext().getMetricGroup().counter("motionClips");
        staticClips = getRuntimeContext().getMetricGroup().counter("staticClips");
        latency = getRuntimeContext()
                .getMetricGroup()
                .histogram("captureToEventLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(Clip clip, Context ctx, Collector<ClassifiedEvent> out) {
        MotionDecision decision = classifier.classify(clip);
        (decision.labelIndex() == 1 ? motionClips : staticClips).inc();
        long now = ctx.timerService().currentProcessingTime();
        ClassifiedEvent event = toEvent(clip, decision, now);
        latency.update(event.getProcessingLatencyMs());
        out.collect(event);
    }

    /** Builds the event; public so other stages' tests can compare against the motion stage. */
    public static ClassifiedEvent toEvent(Clip clip, MotionDecision decision, long nowMs) {
        List<LabelScore> topK = new ArrayList<>(2);
        float other = 1f - decision.confidence();
        String otherLabel = decision.labelIndex() == 1 ? MotionClassifier.STATIC : MotionClassifier.MOTION;
        topK.add(new LabelScore(decision.label(), decision.confidence()));
        topK.add(new LabelScore(otherLabel, other));
        ClipHeader header = ClipHeader.of(clip);
        return header.applyTo(ClassifiedEvent.newBuilder())
                .setLabel(decision.label())
                .setLabelIndex(decision.labelIndex())
                .setConfidence(decision.confidence())
                .setTopK(topK)
                .setStage(STAGE)
                .setFramesLookedAt(clip.frameCount())
                .setPatches(new ArrayList<>())
                .setGmacs(0.0)
                .setDenseGmacs(0.0)
                .setModelVersion(MODEL_VERSION)
                .setProcessingLatencyMs(header.latencyMs(nowMs))
                .build();
    }
}
