package dev.saccade.operators.adaptive;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.NonFiniteOutput;
import dev.saccade.models.cascade.OrtDense;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.onnx.OrtEncoder;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The baseline in the same job skeleton: the dense model (full model on every frame) classifies every clip, its
 * convolutions on ONNX Runtime or the engine ({@code saccade.dense.implementation}).
 */
public class DenseFunction extends ProcessFunction<Clip, ClassifiedEvent> {
    public static final String STAGE = "dense";

    private final ModelSettings model;
    private transient ModelBundle bundle;
    private transient NDManager manager;
    private transient OrtDense ort;
    private transient Counter clips;
    private transient Counter failedClips;
    private transient Histogram latency;

    public DenseFunction(ModelSettings model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        Inference.configureInferenceThread();
        bundle = ModelBundle.load(Path.of(model.bundle()));
        manager = Inference.newManager();
        if (model.denseImplementation() == OperatorOptions.DenseImplementation.ONNXRUNTIME) {
            ort = new OrtDense(bundle.nets(), OrtEncoder.Threads.ONE);
        }
        clips = getRuntimeContext().getMetricGroup().counter("clips");
        failedClips = getRuntimeContext().getMetricGroup().counter(FailedClips.METRIC);
        getRuntimeContext()
                .getMetricGroup()
                .gauge("gmacsPerClip", () -> bundle.nets().denseMacsPerClip() / 1e9);
        latency = getRuntimeContext()
                .getMetricGroup()
                .histogram("captureToDecisionLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(Clip clip, Context ctx, Collector<ClassifiedEvent> out) {
        clips.inc();
        int t = bundle.manifest().clipLength();
        double gmacs = bundle.nets().denseMacsPerClip() / 1e9;
        ClassifiedEvent e;
        try {
            List<ClipData> one = List.of(ModelClips.of(clip, t));
            float[] p = ort != null && !bundle.cascade().externalDense()
                    ? ort.run(manager, one, new MacLedger())[0]
                    : bundle.cascade().dense(manager, one, new MacLedger())[0];
            e = ModelEvents.forClip(
                    clip,
                    bundle.manifest().labels(),
                    new ModelEvents.Outcome(p, STAGE, List.of(), gmacs, gmacs, t),
                    bundle.manifest().version(),
                    ctx.timerService().currentProcessingTime());
        } catch (NonFiniteOutput err) {
            FailedClips.record(failedClips, clip.clipId, err);
            return;
        }
        latency.update(e.getProcessingLatencyMs());
        out.collect(e);
    }

    @Override
    public void close() {
        if (ort != null) {
            ort.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (bundle != null) {
            bundle.close();
        }
    }
}
