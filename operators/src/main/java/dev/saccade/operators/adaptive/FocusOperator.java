package dev.saccade.operators.adaptive;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.DetectorFocus;
import dev.saccade.models.cascade.FocusBatcher;
import dev.saccade.models.cascade.FocusPrecision;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cascade.NonFiniteOutput;
import dev.saccade.models.engine.Inference;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.Patch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The focus stage: focus requests from all streams share f_L batches, step-synchronously (each step runs the next
 * patch of every clip in flight; clips that exit leave). A batch runs when it is full or its oldest request has waited
 * the maximum wait. When the bounded queue is full the operator runs batches before taking the next request, so a
 * slow device backpressures the glance stage. Everything in flight is finished before each checkpoint barrier, so
 * there is no state to snapshot and exactly-once holds.
 */
public class FocusOperator extends AbstractStreamOperator<ClassifiedEvent>
        implements OneInputStreamOperator<FocusRequest, ClassifiedEvent>, BoundedOneInput {
    public static final String GPU_RESOURCE = "gpu";

    private final ModelSettings model;
    private final double[] thresholdsOverride;

    private transient ModelBundle bundle;
    private transient NDManager manager;
    private transient FocusBatcher batcher;
    private transient DetectorFocus detector;
    private transient double[] thresholds;
    private transient Map<String, Pending> inFlight;
    private transient boolean timerSet;
    private transient Device device;
    private transient Counter clips;
    private transient Counter failedClips;
    private transient Counter degraded;
    private transient Histogram batchSizes;
    private transient Histogram queueWaitMs;
    private transient Histogram latency;
    private transient long[] exits;

    private record Pending(FocusRequest request, long arrivedMs) {}

    public FocusOperator(ModelSettings model) {
        this(model, null);
    }

    /** With exit thresholds other than the bundle's (index k for exit k; index 0 unused here). */
    public FocusOperator(ModelSettings model, double[] thresholdsOverride) {
        this.model = model;
        this.thresholdsOverride = thresholdsOverride == null ? null : thresholdsOverride.clone();
    }

    @Override
    public void open() throws Exception {
        super.open();
        Inference.configureInferenceThread();
        List<Integer> gpus = new ArrayList<>();
        for (ExternalResourceInfo info : getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE)) {
            info.getProperty("index").ifPresent(i -> gpus.add(Integer.parseInt(i.trim())));
        }
        device = FocusDevices.choose(
                model.focusDevice(),
                gpus,
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                Inference.engine().getGpuCount());
        bundle = ModelBundle.load(Path.of(model.bundle()), device);
        manager = Inference.newManager(device);
        thresholds = thresholdsOverride != null ? thresholdsOverride : model.thresholdsOr(bundle.thresholds());
        if (model.focusRole() == OperatorOptions.FocusRole.DETECTOR) {
            detector =
                    DetectorRole.open(model.focusDetector(), bundle.manifest().labels());
        }
        FocusPrecision precision = FocusPrecision.parse(model.focusPrecision());
        if (precision != FocusPrecision.FLOAT32) {
            // the half formats are not what the bundle's load-time self-check ran: check them the same way
            BundleSelfCheck.NetworkResult check =
                    BundleSelfCheck.checkFocus(Path.of(model.bundle()), bundle.nets(), precision);
            if (check != null && !check.ok()) {
                throw new java.io.IOException("model self-check failed: focus network in " + precision.label()
                        + " differs from its float64 golden outputs by " + check.error() + " (tolerance "
                        + check.tolerance() + ")");
            }
            LOG.info("focus runs in {}: self-check {}", precision.label(), check);
        }
        batcher = new FocusBatcher(
                bundle.nets().focusBlock(),
                manager,
                thresholds,
                model.focusBatchSize(),
                model.focusQueueCapacity(),
                bundle.nets().focusMacsPerStep(),
                precision);
        inFlight = new HashMap<>();
        exits = new long[bundle.nets().focusSteps() + 1];
        var metrics = getRuntimeContext().getMetricGroup();
        clips = metrics.counter("clips");
        failedClips = metrics.counter(FailedClips.METRIC);
        degraded = metrics.counter("degradedClips");
        batchSizes = metrics.histogram("focusBatchSize", new DescriptiveStatisticsHistogram(1000));
        queueWaitMs = metrics.histogram("focusQueueWaitMs", new DescriptiveStatisticsHistogram(1000));
        latency = metrics.histogram("captureToEventLatencyMs", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("pending", () -> batcher == null ? 0 : batcher.pending());
        for (int k = 1; k < exits.length; k++) {
            int exit = k;
            metrics.gauge("exitFocus" + k, () -> exits[exit]);
        }
        LOG.info(
                "focus subtask {} runs on {} (TaskManager GPUs {})",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                device,
                gpus);
    }

    /** The device this subtask's model and tensors live on. */
    public Device device() {
        return device;
    }

    @Override
    public void processElement(StreamRecord<FocusRequest> element) {
        FocusRequest r = element.getValue();
        clips.inc();
        if (tooOld(r)) {
            decideAtGlance(r);
            return;
        }
        if (detector != null) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            inFlight.put(r.getClipId().toString(), new Pending(r, now));
            DetectorFocus.Result d =
                    detector.decide(floats(r.getGlanceProbabilities()), DetectorRole.looks(r), thresholds);
            emit(
                    List.of(new FocusBatcher.Result(
                            r.getClipId().toString(), d.exit(), d.probabilities(), d.label(), d.macs())),
                    DetectorRole.detections(r, d.found()));
            return;
        }
        List<float[]> patches = new ArrayList<>(r.getPatches().size());
        for (FocusPatch p : r.getPatches()) {
            patches.add(GlanceStage.patchInput(manager, bytes(p.getBgr()), p.getSize()));
        }
        float[] h = new float[r.getClipFeatures().size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = r.getClipFeatures().get(i);
        }
        FocusBatcher.Request request = new FocusBatcher.Request(r.getClipId().toString(), h, patches);
        long now = getProcessingTimeService().getCurrentProcessingTime();
        // a full queue: work off batches in this thread, which is what holds the glance stage back
        while (!batcher.offer(request)) {
            step();
        }
        inFlight.put(r.getClipId().toString(), new Pending(r, now));
        if (batcher.nextBatchSize() >= model.focusBatchSize()) {
            step();
        }
        if (batcher.pending() > 0 && !timerSet) {
            timerSet = true;
            getProcessingTimeService().registerTimer(now + model.focusMaxWaitMs(), t -> onMaxWait());
        }
    }

    private boolean tooOld(FocusRequest r) {
        return model.focusMaxAgeMs() > 0
                && getProcessingTimeService().getCurrentProcessingTime()
                                - r.getLastCaptureTime().toEpochMilli()
                        > model.focusMaxAgeMs();
    }

    /** A clip that waited past the max age: the glance's answer, flagged degraded, so the backlog drains at once. */
    private void decideAtGlance(FocusRequest r) {
        degraded.inc();
        float[] p = floats(r.getGlanceProbabilities());
        ClassifiedEvent e;
        try {
            e = ModelEvents.forRequest(
                    r,
                    bundle.manifest().labels(),
                    new ModelEvents.Outcome(
                            p,
                            AdaptiveCascade.GLANCE,
                            List.of(),
                            r.getGlanceGmacs(),
                            r.getDenseGmacs(),
                            r.getFrameCount(),
                            ModelEvents.counts(bundle, floats(r.getClipFeatures()), AdaptiveCascade.argmax(p))),
                    getProcessingTimeService().getCurrentProcessingTime());
        } catch (NonFiniteOutput err) {
            FailedClips.record(failedClips, r.getClipId().toString(), err);
            return;
        }
        e.setDegraded(true);
        latency.update(e.getProcessingLatencyMs());
        output.collect(new StreamRecord<>(e));
    }

    private void onMaxWait() {
        timerSet = false;
        drain();
    }

    private void step() {
        batchSizes.update(batcher.nextBatchSize());
        emit(runBatch(batcher), List.of());
    }

    /** Runs one step of f_L over the batch in flight (a seam where a test slows the model down). */
    protected List<FocusBatcher.Result> runBatch(FocusBatcher batcher) {
        return batcher.step();
    }

    private void drain() {
        while (batcher.pending() > 0) {
            step();
        }
    }

    private void emit(List<FocusBatcher.Result> results, List<DetectedObject> detections) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        List<String> labels = bundle.manifest().labels();
        for (FocusBatcher.Result res : results) {
            Pending p = inFlight.remove(res.clipId());
            FocusRequest r = p.request();
            exits[res.exit()]++;
            queueWaitMs.update(now - p.arrivedMs());
            List<Patch> looked = new ArrayList<>(res.exit());
            for (int k = 0; k < res.exit(); k++) {
                looked.add(FocusRequests.patchOf(r.getPatches().get(k)));
            }
            ClassifiedEvent e;
            try {
                e = ModelEvents.forRequest(
                        r,
                        labels,
                        new ModelEvents.Outcome(
                                res.probabilities(),
                                AdaptiveCascade.stageName(res.exit()),
                                looked,
                                r.getGlanceGmacs() + res.macs() / 1e9,
                                r.getDenseGmacs(),
                                r.getFrameCount(),
                                ModelEvents.counts(
                                        bundle,
                                        floats(r.getClipFeatures()),
                                        AdaptiveCascade.argmax(res.probabilities())),
                                detections),
                        now);
            } catch (NonFiniteOutput err) {
                FailedClips.record(failedClips, r.getClipId().toString(), err);
                continue;
            }
            latency.update(e.getProcessingLatencyMs());
            output.collect(new StreamRecord<>(e));
        }
    }

    /** Requests accepted and not yet answered (what a checkpoint would have to hold; it is empty at each barrier). */
    public int pending() {
        return inFlight.size();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        drain();
    }

    @Override
    public void endInput() {
        drain();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            if (batcher != null) {
                batcher.close();
            }
            if (detector != null) {
                detector.close();
            }
            if (manager != null) {
                manager.close();
            }
            if (bundle != null) {
                bundle.close();
            }
        } finally {
            super.close();
        }
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
