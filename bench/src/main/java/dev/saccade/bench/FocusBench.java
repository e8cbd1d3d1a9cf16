package dev.saccade.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.FocusBatcher;
import dev.saccade.models.cascade.FocusPrecision;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Split;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FocusModel;
import dev.saccade.scenes.SceneConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ./saccade bench focus}: steady-state throughput of the focus stage (f_L and exits 1..K through
 * {@link FocusBatcher}, as the focus operator runs it) on one device, per batch size, on patches the glance stage's
 * policy cut from synthetic clips.
 */
public final class FocusBench {
    /**
     * What to run: device "cpu" or "gpu" (GPU 0), batch sizes, timed seconds and warm-up per batch size, the precision
     * of f_L, and optionally the Python reference script (benchmarks/gpu/focus_reference.py), the Python to run it
     * with, and where to write the export it reads (default: a temporary directory).
     */
    public record Config(
            String device,
            List<Integer> batchSizes,
            double seconds,
            double warmupSeconds,
            int clips,
            boolean everyExit,
            FocusPrecision precision,
            Path pythonReference,
            String python,
            Path exportDir) {
        /** The original options: float32, no Python reference. */
        public Config(
                String device,
                List<Integer> batchSizes,
                double seconds,
                double warmupSeconds,
                int clips,
                boolean everyExit) {
            this(
                    device,
                    batchSizes,
                    seconds,
                    warmupSeconds,
                    clips,
                    everyExit,
                    FocusPrecision.FLOAT32,
                    null,
                    null,
                    null);
        }
    }

    private final Config config;
    private final Consumer<String> progress;

    public FocusBench(Config config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** The DJL device for "cpu" or "gpu". */
    public static Device device(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu" -> Device.gpu(0);
            default -> throw new IllegalArgumentException("device must be cpu or gpu, not '" + name + "'");
        };
    }

    /** Loads nothing itself: runs on the bundle already loaded on the config's device; returns the JSON report. */
    public Map<String, Object> run(ModelBundle bundle) {
        Device device = device(config.device());
        Engine engine = Inference.engine();
        CascadeNets nets = bundle.nets();
        FocusModel focus = nets.focusBlock();
        double[] thresholds = bundle.thresholds();
        if (config.everyExit()) {
            // no exit but the last answers: every clip runs all K patches, the focus stage's worst case
            Arrays.fill(thresholds, 2.0);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager manager = Inference.newManager(device)) {
            List<FocusBatcher.Request> requests = requests(bundle, manager);
            int distinctPatches =
                    requests.stream().mapToInt(r -> r.patches().size()).sum();
            progress.accept(String.format(
                    "bench focus: %d clips, %d distinct %dx%d patches on %s",
                    requests.size(), distinctPatches, FocusModel.PATCH, FocusModel.PATCH, device));
            out.put("benchmark", "focus");
            out.put("device", config.device().toLowerCase(java.util.Locale.ROOT));
            out.put("djl_device", device.toString());
            out.put("engine", engine.getEngineName());
            out.put("engine_version", engine.getVersion());
            out.put("djl_version", Engine.getDjlVersion());
            if (device.isGpu()) {
                out.put("gpu_name", gpuName(device.getDeviceId()));
            }
            out.put("cpu_model", cpuModel());
            out.put("cpu_cores", Runtime.getRuntime().availableProcessors());
            out.put("omp_wait_policy", System.getenv("OMP_WAIT_POLICY"));
            out.put("pytorch_threads", Integer.getInteger("ai.djl.pytorch.num_threads"));
            out.put("cudnn_benchmark", Boolean.getBoolean("ai.djl.pytorch.cudnn_benchmark"));
            out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            out.put("bundle", bundle.dir().toString());
            out.put("bundle_version", bundle.manifest().version());
            out.put("patch_input", List.of(3, FocusModel.PATCH, FocusModel.PATCH));
            out.put("focus_steps", nets.focusSteps());
            out.put("exit_thresholds", thresholds);
            out.put("every_exit", config.everyExit());
            out.put("precision", precision().label());
            out.put("macs_per_patch", nets.focusMacsPerStep());
            out.put("clips", requests.size());
            out.put("distinct_patches", distinctPatches);
            out.put("warmup_seconds", config.warmupSeconds());
            out.put("seconds_per_batch_size", config.seconds());
            out.put(
                    "measures",
                    "FocusBatcher.step on a full batch: patches host to device, f_L, running max, the exit "
                            + "heads of the steps present, probabilities back to the host; excludes decoding and resizing patches "
                            + "(FocusOperator's GlanceStage.patchInput), Kafka and Flink");
            if (precision() != FocusPrecision.FLOAT32) {
                try {
                    var self = dev.saccade.models.bundle.BundleSelfCheck.checkFocus(bundle.dir(), nets, precision());
                    out.put("precision_self_check", self);
                    progress.accept("bench focus: self-check in " + precision().label() + ": " + self);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.put(
                        "precision_check",
                        precisionCheck(focus, manager, thresholds, nets.focusMacsPerStep(), requests));
            }
            Map<String, Object> bySize = new LinkedHashMap<>();
            int bestSize = 0;
            double best = 0;
            for (int b : config.batchSizes()) {
                Map<String, Object> row = measure(focus, manager, thresholds, nets.focusMacsPerStep(), requests, b);
                bySize.put(Integer.toString(b), row);
                double rate = (double) row.get("patches_per_s");
                if (rate > best) {
                    best = rate;
                    bestSize = b;
                }
            }
            out.put("batch_sizes", bySize);
            out.put("best_batch_size", bestSize);
            out.put("best_patches_per_s", best);
            if (config.pythonReference() != null) {
                pythonReference(out, bySize, focus, manager, thresholds, requests);
            }
            out.put("created", Instant.now().toString());
        }
        return out;
    }

    /** Focus requests as the glance stage makes them: h and the policy's looks, cut and resized like the operator. */
    private List<FocusBatcher.Request> requests(ModelBundle bundle, NDManager manager) {
        var m = bundle.manifest();
        SceneConfig scenes =
                SceneConfig.defaults().withSize(m.frameWidth(), m.frameHeight()).withClipLength(m.clipLength());
        SyntheticWorkload workload = new SyntheticWorkload(scenes, WorkloadSize.quick());
        List<ClipRef> refs = workload.balancedClips(Split.TEST, 4, config.clips());
        // an exit-0 threshold no clip reaches: every clip gets the policy's looks, as an undecided one would
        GlanceStage glance = new GlanceStage(bundle.nets(), Double.POSITIVE_INFINITY);
        List<FocusBatcher.Request> out = new ArrayList<>();
        int chunk = 8;
        for (int from = 0; from < refs.size(); from += chunk) {
            List<ClipData> clips = refs.subList(from, Math.min(refs.size(), from + chunk)).stream()
                    .map(workload::load)
                    .toList();
            List<GlanceStage.Glance> glances = glance.run(manager, clips);
            for (int i = 0; i < clips.size(); i++) {
                ClipData clip = clips.get(i);
                List<float[]> patches = new ArrayList<>();
                for (Policy.Focus look : glances.get(i).plan()) {
                    patches.add(GlanceStage.patchInput(
                            manager, GlanceStage.crop(clip, look), look.box().size()));
                }
                out.add(new FocusBatcher.Request(
                        "clip-" + out.size(), glances.get(i).clipFeatures(), patches));
            }
        }
        return out;
    }

    private Map<String, Object> measure(
            FocusModel focus,
            NDManager manager,
            double[] thresholds,
            long macsPerStep,
            List<FocusBatcher.Request> requests,
            int batchSize) {
        long[] exits = new long[focus.steps() + 1];
        List<Double> stepMs = new ArrayList<>();
        long patches = 0;
        double elapsed;
        boolean pinned;
        try (FocusBatcher batcher =
                new FocusBatcher(focus, manager, thresholds, batchSize, batchSize, macsPerStep, precision())) {
            pinned = batcher.pinned();
            RequestCycle cycle = new RequestCycle(requests);
            long warmupEnd = System.nanoTime() + (long) (config.warmupSeconds() * 1e9);
            int warmupSteps = 0;
            while (warmupSteps < 5 || System.nanoTime() < warmupEnd) {
                cycle.fill(batcher);
                batcher.step();
                warmupSteps++;
            }
            long start = System.nanoTime();
            long end = start + (long) (config.seconds() * 1e9);
            long now = start;
            while (stepMs.size() < 10 || now < end) {
                cycle.fill(batcher);
                int n = batcher.nextBatchSize();
                long t0 = System.nanoTime();
                List<FocusBatcher.Result> done = batcher.step();
                now = System.nanoTime();
                stepMs.add((now - t0) / 1e6);
                patches += n;
                for (FocusBatcher.Result r : done) {
                    exits[r.exit()]++;
                }
            }
            elapsed = (now - start) / 1e9;
        }
        double[] sorted =
                stepMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> row = new LinkedHashMap<>();
        double rate = patches / elapsed;
        row.put("patches_per_s", rate);
        row.put("ms_per_batch_p50", percentile(sorted, 0.50));
        row.put("ms_per_batch_p99", percentile(sorted, 0.99));
        row.put("ms_per_batch_mean", Arrays.stream(sorted).average().orElse(0));
        row.put("batches", sorted.length);
        row.put("patches", patches);
        row.put("seconds", elapsed);
        row.put("gmacs_per_s", rate * macsPerStep / 1e9);
        row.put("pinned_staging", pinned);
        Map<String, Long> exitCounts = new LinkedHashMap<>();
        for (int k = 1; k < exits.length; k++) {
            exitCounts.put("focus-" + k, exits[k]);
        }
        row.put("clips_by_exit", exitCounts);
        progress.accept(String.format(
                "bench focus: batch %3d  %10.1f patches/s  p50 %.3f ms  p99 %.3f ms  (%d batches)",
                batchSize, rate, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length));
        return row;
    }

    private FocusPrecision precision() {
        return config.precision() == null ? FocusPrecision.FLOAT32 : config.precision();
    }

    /**
     * The half precision's decisions against float32's on every prepared clip (the bench's thresholds, one batch):
     * the share of clips that leave at the same exit with the same label, of the same label, and the largest
     * difference of the deciding exit's probabilities where the exits agree.
     */
    private Map<String, Object> precisionCheck(
            FocusModel focus,
            NDManager manager,
            double[] thresholds,
            long macsPerStep,
            List<FocusBatcher.Request> requests) {
        Map<String, FocusBatcher.Result> reference =
                decide(focus, manager, thresholds, macsPerStep, requests, FocusPrecision.FLOAT32);
        Map<String, FocusBatcher.Result> half = decide(focus, manager, thresholds, macsPerStep, requests, precision());
        int sameDecision = 0;
        int sameLabel = 0;
        double maxDiff = 0;
        for (FocusBatcher.Request r : requests) {
            FocusBatcher.Result a = reference.get(r.clipId());
            FocusBatcher.Result b = half.get(r.clipId());
            if (a.label() == b.label()) {
                sameLabel++;
            }
            if (a.label() == b.label() && a.exit() == b.exit()) {
                sameDecision++;
            }
            if (a.exit() == b.exit()) {
                for (int c = 0; c < a.probabilities().length; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a.probabilities()[c] - b.probabilities()[c]));
                }
            }
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("precision", precision().label());
        check.put("against", FocusPrecision.FLOAT32.label());
        check.put("clips", requests.size());
        check.put("same_exit_and_label", (double) sameDecision / requests.size());
        check.put("same_label", (double) sameLabel / requests.size());
        check.put("max_abs_probability_difference", maxDiff);
        progress.accept(String.format(
                "bench focus: %s against float32 on %d clips: same exit and label %.4f, same label %.4f, max |dp| %.3g",
                precision().label(),
                requests.size(),
                (double) sameDecision / requests.size(),
                (double) sameLabel / requests.size(),
                maxDiff));
        return check;
    }

    private static Map<String, FocusBatcher.Result> decide(
            FocusModel focus,
            NDManager manager,
            double[] thresholds,
            long macsPerStep,
            List<FocusBatcher.Request> requests,
            FocusPrecision precision) {
        Map<String, FocusBatcher.Result> out = new LinkedHashMap<>();
        try (FocusBatcher b =
                new FocusBatcher(focus, manager, thresholds, 64, requests.size(), macsPerStep, precision)) {
            requests.forEach(b::offer);
            b.drain().forEach(r -> out.put(r.clipId(), r));
        }
        return out;
    }

    /**
     * Exports the network, weights and requests, runs the Python eager reference on them on the same device (after the
     * Java measurements, in this run), and adds its figures and java/python per batch size to the report.
     */
    @SuppressWarnings("unchecked")
    private void pythonReference(
            Map<String, Object> out,
            Map<String, Object> bySize,
            FocusModel focus,
            NDManager manager,
            double[] thresholds,
            List<FocusBatcher.Request> requests) {
        try {
            Path dir = config.exportDir() != null ? config.exportDir() : Files.createTempDirectory("focus-export");
            FocusExport.write(dir, focus, manager, thresholds, requests);
            boolean pinned = bySize.values().stream()
                    .allMatch(r -> Boolean.TRUE.equals(((Map<String, Object>) r).get("pinned_staging")));
            Path json = dir.resolve("python.json");
            List<String> cmd = new ArrayList<>(List.of(
                    config.python() != null ? config.python() : "python3",
                    config.pythonReference().toString(),
                    "--export",
                    dir.toString(),
                    "--batch-sizes",
                    String.join(
                            ",",
                            config.batchSizes().stream().map(String::valueOf).toList()),
                    "--seconds",
                    Double.toString(config.seconds()),
                    "--warmup",
                    Double.toString(config.warmupSeconds()),
                    "--device",
                    Device.cpu().equals(device(config.device())) ? "cpu" : "cuda:0",
                    "--out",
                    json.toString()));
            if (pinned) {
                cmd.add("--pinned");
            }
            progress.accept("bench focus: Python reference: " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the Python reference failed (exit " + p.exitValue() + ")");
            }
            Map<String, Object> py =
                    new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), Map.class);
            out.put("python_reference", py);
            Map<String, Object> ratios = new LinkedHashMap<>();
            Map<String, Object> pySizes = (Map<String, Object>) py.get("batch_sizes");
            for (Map.Entry<String, Object> e : bySize.entrySet()) {
                Map<String, Object> pyRow = (Map<String, Object>) pySizes.get(e.getKey());
                Map<String, Object> row = (Map<String, Object>) e.getValue();
                double java = (double) row.get("patches_per_s");
                double python = ((Number) pyRow.get("patches_per_s")).doubleValue();
                row.put("python_patches_per_s", python);
                row.put("java_over_python", java / python);
                ratios.put(e.getKey(), java / python);
                progress.accept(String.format(
                        "bench focus: batch %3s  java %10.1f  python %10.1f patches/s  java/python %.3f",
                        e.getKey(), java, python, java / python));
            }
            out.put("java_over_python", ratios);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Python reference ran", e);
        }
    }

    /** Feeds the batcher an endless stream of the prepared requests, each with a fresh clip id. */
    private static final class RequestCycle {
        private final List<FocusBatcher.Request> requests;
        private long next;
        private FocusBatcher.Request held;

        RequestCycle(List<FocusBatcher.Request> requests) {
            this.requests = requests;
        }

        /** Offers requests until the batch and its queue are full, so every step runs a full batch. */
        void fill(FocusBatcher batcher) {
            while (true) {
                if (held == null) {
                    FocusBatcher.Request r = requests.get((int) (next % requests.size()));
                    held = new FocusBatcher.Request("bench-" + next, r.clipFeatures(), r.patches());
                    next++;
                }
                if (!batcher.offer(held)) {
                    return;
                }
                held = null;
            }
        }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The CPU's model name from /proc/cpuinfo, or null. */
    public static String cpuModel() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(null);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** The GPU's marketing name from nvidia-smi, or null where there is none. */
    static String gpuName(int index) {
        try {
            Process p = new ProcessBuilder(
                            "nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i", Integer.toString(index))
                    .redirectErrorStream(true)
                    .start();
            String line;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null) {
                return null;
            }
            return line.trim();
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
