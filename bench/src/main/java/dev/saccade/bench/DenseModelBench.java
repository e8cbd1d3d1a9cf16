package dev.saccade.bench;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.OrtDense;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.onnx.OrtEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Milliseconds per clip of the dense baseline model on every implementation the pipeline can run it with: the engine
 * clip by clip (as {@code DenseFunction} ran it), the engine on batches of clips, and f_L on ONNX Runtime with one
 * thread or its default pool; the fastest on one thread is the baseline an adaptive figure is compared with.
 */
public final class DenseModelBench {
    public static final String ENGINE = "pytorch_engine";
    public static final String ENGINE_BATCHED = "pytorch_engine_batch";
    public static final String ORT_ONE = "onnxruntime_1_thread";
    public static final String ORT_DEFAULT = "onnxruntime_default_threads";

    private final ModelBundle bundle;
    private final Consumer<String> progress;

    public DenseModelBench(ModelBundle bundle, Consumer<String> progress) {
        this.bundle = bundle;
        this.progress = progress;
    }

    /** Times each variant over {@code clips} ({@code repeats} passes, the fastest counts; batches of {@code batch}). */
    public Map<String, Object> run(NDManager manager, List<ClipData> clips, int repeats, int batch) {
        Map<String, Double> ms = new LinkedHashMap<>();
        Map<String, Double> agreement = new LinkedHashMap<>();
        int[] reference = labels(AdaptiveCascade.dense(bundle.nets(), manager, clips, new MacLedger()));
        try (OrtDense ortOne = new OrtDense(bundle.nets(), OrtEncoder.Threads.ONE);
                OrtDense ortDefault = new OrtDense(bundle.nets(), OrtEncoder.Threads.DEFAULT)) {
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put(ENGINE, cs -> AdaptiveCascade.dense(bundle.nets(), manager, cs, new MacLedger()));
            variants.put(ENGINE_BATCHED, cs -> AdaptiveCascade.dense(bundle.nets(), manager, cs, new MacLedger()));
            variants.put(ORT_ONE, cs -> ortOne.run(manager, cs, new MacLedger()));
            variants.put(ORT_DEFAULT, cs -> ortDefault.run(manager, cs, new MacLedger()));
            for (int r = 0; r < repeats; r++) {
                for (Map.Entry<String, Variant> v : variants.entrySet()) {
                    int step = v.getKey().equals(ENGINE_BATCHED) ? batch : 1;
                    List<float[]> probs = new ArrayList<>();
                    long start = System.nanoTime();
                    for (int i = 0; i < clips.size(); i += step) {
                        for (float[] p : v.getValue().run(clips.subList(i, Math.min(clips.size(), i + step)))) {
                            probs.add(p);
                        }
                    }
                    double perClip = (System.nanoTime() - start) / 1e6 / clips.size();
                    ms.merge(v.getKey(), perClip, Math::min);
                    int[] got = labels(probs.toArray(new float[0][]));
                    int same = 0;
                    for (int i = 0; i < got.length; i++) {
                        same += got[i] == reference[i] ? 1 : 0;
                    }
                    agreement.put(v.getKey(), (double) same / got.length);
                }
                progress.accept("bench dense: pass " + (r + 1) + "/" + repeats + " ms per clip " + ms);
            }
        }
        String fastest = fastestOneThread(ms);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("clips", clips.size());
        report.put("batch", batch);
        report.put("dense_variants", ms);
        report.put("label_agreement_with_engine", agreement);
        report.put("dense_baseline", fastest);
        report.put("dense_baseline_rule", "the fastest variant that runs on one thread, as each pipeline subtask does");
        return report;
    }

    /** The fastest of the variants that run on one thread (all but ONNX Runtime's own pool). */
    public static String fastestOneThread(Map<String, Double> ms) {
        return ms.entrySet().stream()
                .filter(e -> !e.getKey().equals(ORT_DEFAULT))
                .min(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    private static int[] labels(float[][] probs) {
        int[] out = new int[probs.length];
        for (int i = 0; i < probs.length; i++) {
            out[i] = AdaptiveCascade.argmax(probs[i]);
        }
        return out;
    }

    @FunctionalInterface
    private interface Variant {
        float[][] run(List<ClipData> clips);
    }
}
