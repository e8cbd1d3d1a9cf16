package dev.saccade.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.skipconv.GlanceFrames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./saccade bench skipconv-blocks}: f_G with skip-convolutions built from the engine's ops on one device, gated
 * per position and computed per block of b x b outputs, for several block sizes and numbers of streams batched
 * together, against the same network run densely by the engine on the same device and streams.
 */
public final class SkipConvBlocksBench {
    /** What to run. */
    public record Config(
            String device,
            List<Integer> blockSizes,
            List<Integer> streams,
            float epsilon,
            float denseFallback,
            int repeats) {}

    private final Config config;
    private final Consumer<String> progress;

    public SkipConvBlocksBench(Config config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Runs every stream count and block size over the frames (BGR24, width x height); returns the JSON report. */
    public Map<String, Object> run(FoldedEncoder encoder, List<byte[]> bgr, int width, int height) {
        Device device = FocusBench.device(config.device());
        int n = bgr.size();
        GlanceFrames glanceFrames = new GlanceFrames(width, height);
        int c = GlanceFrames.CHANNELS;
        float[] all = new float[n * c * height * width];
        for (int i = 0; i < n; i++) {
            float[] chw = GlanceFrames.toChw(glanceFrames.next(bgr.get(i)), height, width, c);
            System.arraycopy(chw, 0, all, i * chw.length, chw.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Engine engine = Inference.engine();
        out.put("benchmark", "skipconv-blocks");
        out.put("device", config.device());
        out.put("djl_device", device.toString());
        out.put("engine", engine.getEngineName() + " " + engine.getVersion());
        if (device.isGpu()) {
            out.put("gpu_name", FocusBench.gpuName(device.getDeviceId()));
        }
        out.put("cpu_model", FocusBench.cpuModel());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("frames", n);
        out.put("width", width);
        out.put("height", height);
        out.put("epsilon", config.epsilon());
        out.put("dense_fallback", config.denseFallback());
        out.put("repeats", config.repeats());
        out.put(
                "measures",
                "wall clock per step: every stream's next frame (already on the device) through f_G and the "
                        + "output maps back to the host; dense = the engine's conv per layer on the same device and batch");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (NDManager manager = Inference.newManager(device)) {
            Inference.gradientsOff();
            NDArray frames = manager.create(all, new Shape(n, c, height, width));
            for (int streams : config.streams()) {
                NDArray[] steps = stepIndices(manager, n, streams);
                List<float[]> dense = new ArrayList<>();
                double denseMs;
                long denseMacs;
                try (BlockSkipConvNetwork net = new BlockSkipConvNetwork(
                        encoder, manager, streams, c, height, width, 1, config.epsilon(), config.denseFallback())) {
                    denseMacs = net.denseMacs();
                    denseMs = time(
                            () -> {
                                dense.clear();
                                for (NDArray step : steps) {
                                    try (NDManager m = manager.newSubManager()) {
                                        dense.add(net.dense(frames.get(m, new NDIndex("{}", step)))
                                                .toFloatArray());
                                    }
                                }
                            },
                            steps.length);
                }
                progress.accept(
                        String.format("bench skipconv-blocks: %d streams, dense %.2f ms/step", streams, denseMs));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("streams", streams);
                row.put("dense_ms_per_step", denseMs);
                row.put("dense_ms_per_frame", denseMs / streams);
                row.put("dense_gmacs_per_step", denseMacs / 1e9);
                List<Map<String, Object>> blocks = new ArrayList<>();
                for (int b : config.blockSizes()) {
                    blocks.add(skip(encoder, manager, frames, steps, streams, b, dense, denseMs, c, height, width));
                }
                row.put("blocks", blocks);
                rows.add(row);
            }
        }
        out.put("results", rows);
        return out;
    }

    /**
     * Per step, each stream's frame index: streams start spread over the clip and play it forwards then backwards, so
     * every stream moves continuously (no jump back to the first frame).
     */
    private static NDArray[] stepIndices(NDManager m, int n, int streams) {
        NDArray[] steps = new NDArray[n];
        int period = Math.max(1, 2 * n - 2);
        for (int t = 0; t < n; t++) {
            long[] idx = new long[streams];
            for (int s = 0; s < streams; s++) {
                int p = (t + s * period / streams) % period;
                idx[s] = p < n ? p : period - p;
            }
            steps[t] = m.create(idx);
        }
        return steps;
    }

    private Map<String, Object> skip(
            FoldedEncoder encoder,
            NDManager manager,
            NDArray frames,
            NDArray[] steps,
            int streams,
            int block,
            List<float[]> dense,
            double denseMs,
            int c,
            int height,
            int width) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("block", block);
        try (BlockSkipConvNetwork exact = new BlockSkipConvNetwork(
                        encoder, manager, streams, c, height, width, block, 0f, config.denseFallback());
                BlockSkipConvNetwork.State state = exact.newState()) {
            double worst = 0;
            for (int t = 0; t < steps.length; t++) {
                try (NDManager m = manager.newSubManager()) {
                    worst = Math.max(
                            worst,
                            SkipConvBench.maxRelErr(
                                    exact.run(state, frames.get(m, new NDIndex("{}", steps[t])), m)
                                            .toFloatArray(),
                                    dense.get(t)));
                }
            }
            row.put("max_rel_err_eps0", worst);
        }
        try (BlockSkipConvNetwork net = new BlockSkipConvNetwork(
                encoder, manager, streams, c, height, width, block, config.epsilon(), config.denseFallback())) {
            int layers = net.convLayers();
            double[] opened = new double[layers];
            double[] computed = new double[layers];
            double[] denseShare = new double[layers];
            long[] macs = {0};
            List<float[]> maps = new ArrayList<>();
            // a statistics pass (it syncs the device per layer to count opened inputs), then the timed passes
            net.recordOpened(true);
            pass(net, frames, steps, maps, step -> {
                macs[0] += net.lastMacs();
                for (int l = 0; l < layers; l++) {
                    opened[l] += net.lastOpened(l) / (double) (net.layerInputPositions(l) * (long) streams);
                    computed[l] += net.lastComputed(l) / (double) (net.layerOutputPositions(l) * (long) streams);
                    denseShare[l] += net.lastDense(l) ? 1 : 0;
                }
            });
            net.recordOpened(false);
            double ms = time(() -> pass(net, frames, steps, null, step -> {}), steps.length);
            long denseMacs = net.denseMacs() * (long) steps.length;
            double[] fidelity = fidelity(maps, dense, streams);
            row.put("skip_ms_per_step", ms);
            row.put("skip_ms_per_frame", ms / streams);
            row.put("speedup", denseMs / ms);
            row.put("mac_ratio", denseMacs / (double) Math.max(1, macs[0]));
            row.put("feature_map_cosine_mean", fidelity[0]);
            row.put("rel_change_error_mean", fidelity[1]);
            row.put("open_fraction_per_layer", perStep(opened, steps.length));
            row.put("computed_fraction_per_layer", perStep(computed, steps.length));
            row.put("dense_fraction_per_layer", perStep(denseShare, steps.length));
            try (BlockSkipConvNetwork.State s = net.newState()) {
                row.put("state_bytes_per_stream", s.bytesPerStream());
            }
            progress.accept(String.format(
                    "bench skipconv-blocks: %d streams, block %d: %.2f ms/step (x%.2f), MAC ratio "
                            + "%.2f, map cosine %.4f, eps-0 error %.1e",
                    streams, block, ms, denseMs / ms, row.get("mac_ratio"), fidelity[0], row.get("max_rel_err_eps0")));
        }
        return row;
    }

    private static void pass(
            BlockSkipConvNetwork net,
            NDArray frames,
            NDArray[] steps,
            List<float[]> maps,
            java.util.function.IntConsumer afterStep) {
        try (BlockSkipConvNetwork.State state = net.newState()) {
            for (int t = 0; t < steps.length; t++) {
                try (NDManager m = frames.getManager().newSubManager()) {
                    float[] map = net.run(state, frames.get(m, new NDIndex("{}", steps[t])), m)
                            .toFloatArray();
                    if (maps != null) {
                        maps.add(map);
                    }
                    afterStep.accept(t);
                }
            }
        }
    }

    /** Best wall-clock ms per step over the repeats, after one warm-up pass. */
    private double time(Runnable pass, int steps) {
        pass.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < config.repeats(); r++) {
            long start = System.nanoTime();
            pass.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best / steps;
    }

    private static List<Double> perStep(double[] sums, int steps) {
        List<Double> out = new ArrayList<>();
        for (double s : sums) {
            out.add(s / steps);
        }
        return out;
    }

    /** Map cosine per stream and step; each stream's error relative to how much its dense map moved. */
    private static double[] fidelity(List<float[]> skip, List<float[]> dense, int streams) {
        double cosSum = 0;
        int cosCount = 0;
        double relSum = 0;
        int relCount = 0;
        int size = dense.get(0).length / streams;
        for (int t = 0; t < skip.size(); t++) {
            for (int s = 0; s < streams; s++) {
                int from = s * size;
                double dot = 0;
                double ns = 0;
                double nd = 0;
                double err = 0;
                double change = 0;
                float[] a = skip.get(t);
                float[] d = dense.get(t);
                float[] p = t > 0 ? dense.get(t - 1) : null;
                for (int j = from; j < from + size; j++) {
                    dot += (double) a[j] * d[j];
                    ns += (double) a[j] * a[j];
                    nd += (double) d[j] * d[j];
                    err += ((double) a[j] - d[j]) * ((double) a[j] - d[j]);
                    if (p != null) {
                        change += ((double) d[j] - p[j]) * ((double) d[j] - p[j]);
                    }
                }
                cosSum += ns == 0 && nd == 0 ? 1 : dot / Math.sqrt(ns * nd + 1e-30);
                cosCount++;
                if (change > 0) {
                    relSum += Math.sqrt(err / change);
                    relCount++;
                }
            }
        }
        return new double[] {cosSum / cosCount, relCount == 0 ? 0 : relSum / relCount};
    }
}
