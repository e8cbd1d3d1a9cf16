package dev.saccade.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dense implementations a bench times against skip-convolutions, by name: the fastest on one thread (as the skip
 * network runs) is the baseline, so a speedup is never measured against a slow dense path; variants with more threads
 * are reported beside it.
 */
final class DenseVariants {
    static final String ENGINE = "pytorch_engine";
    static final String JAVA = "own_java_gemm";
    static final String OPENBLAS = "own_openblas_gemm";
    static final String ORT_ONE = "onnxruntime_1_thread";
    static final String ORT_DEFAULT = "onnxruntime_default_threads";
    static final String ORT_HWC = "onnxruntime_1_thread_hwc";

    /** One dense implementation: a pass over the bench's frames or clips, and its time once measured. */
    static final class Variant {
        final String name;
        final String description;
        final Runnable pass;
        final boolean oneThread;
        double msPerFrame = Double.NaN;

        Variant(String name, String description, Runnable pass, boolean oneThread) {
            this.name = name;
            this.description = description;
            this.pass = pass;
            this.oneThread = oneThread;
        }
    }

    private final List<Variant> variants = new ArrayList<>();

    /** A variant that runs on one thread. */
    void add(String name, String description, Runnable pass) {
        variants.add(new Variant(name, description, pass, true));
    }

    /** A variant that uses a thread pool of its own: reported, never the baseline. */
    void addMultiThreaded(String name, String description, Runnable pass) {
        variants.add(new Variant(name, description, pass, false));
    }

    List<Variant> variants() {
        return variants;
    }

    /** The fastest measured variant on one thread: the baseline. */
    Variant fastest() {
        return variants.stream()
                .filter(v -> v.oneThread && !Double.isNaN(v.msPerFrame))
                .min(Comparator.comparingDouble(v -> v.msPerFrame))
                .orElseThrow(() -> new IllegalStateException("no dense variant was timed"));
    }

    /** Name to measured time, in the order added. */
    Map<String, Double> msPerFrame() {
        Map<String, Double> out = new LinkedHashMap<>();
        variants.forEach(v -> out.put(v.name, v.msPerFrame));
        return out;
    }

    /** Name to that variant's time over {@code skipMs}. */
    Map<String, Double> speedups(double skipMs) {
        Map<String, Double> out = new LinkedHashMap<>();
        variants.forEach(v -> out.put(v.name, v.msPerFrame / skipMs));
        return out;
    }
}
