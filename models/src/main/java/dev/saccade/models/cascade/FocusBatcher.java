package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.TemporalHead;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The focus stage for many streams at once, step-synchronously (FrameExit across clips): each {@link #step} runs the
 * next patch of every active clip through f_L in one batch, updates each clip's running max, and asks each clip's
 * exit; clips that are confident (or at their last patch) leave, waiting clips take their places. The queue is
 * bounded: {@link #offer} refuses when full, which the caller turns into backpressure. Not thread-safe; one per
 * operator subtask.
 */
public final class FocusBatcher implements AutoCloseable {
    private static final int PATCH_FLOATS = 3 * FocusModel.PATCH * FocusModel.PATCH;

    /** A clip the glance stage could not decide: its representation h and its patches, in visiting order. */
    public record Request(String clipId, float[] clipFeatures, List<float[]> patches) {
        public Request {
            if (patches.isEmpty()) {
                throw new IllegalArgumentException("a focus request needs at least one patch");
            }
        }
    }

    /** The focus stage's answer for a clip: which exit decided (1-based), its probabilities, the MACs it ran. */
    public record Result(String clipId, int exit, float[] probabilities, int label, long macs) {}

    private static final class Active {
        final Request request;
        int step;
        /** This clip's row in the device tensor of running maxima after its last step; -1 before its first. */
        int row = -1;

        Active(Request request) {
            this.request = request;
        }
    }

    private final FocusModel focus;
    private final double[] thresholds;
    private final int batchSize;
    private final int queueCapacity;
    private final long macsPerStep;
    private final NDManager manager;
    private final FocusNet net;
    private final StagingBuffers staging;
    /** Running max of local features per surviving clip, (rows of the last step, 96), on the model's device. */
    private NDArray runningMax;

    private final ArrayDeque<Active> waiting = new ArrayDeque<>();
    private final List<Active> active = new ArrayList<>();

    /**
     * @param thresholds thresholds[k] for exit k (index 0, the glance's, is unused here); the last exit always answers
     * @param batchSize patches per f_L batch (clips in flight)
     * @param queueCapacity clips that may wait for a place in the batch
     */
    public FocusBatcher(
            FocusModel focus,
            NDManager parent,
            double[] thresholds,
            int batchSize,
            int queueCapacity,
            long macsPerStep) {
        this(focus, parent, thresholds, batchSize, queueCapacity, macsPerStep, FocusPrecision.FLOAT32);
    }

    /**
     * As above, running the network in the given precision ({@link FocusPrecision#FLOAT32}: the bundle's network as
     * it is; float16 folds each batch norm into its conv and cast the weights, for GPUs).
     */
    public FocusBatcher(
            FocusModel focus,
            NDManager parent,
            double[] thresholds,
            int batchSize,
            int queueCapacity,
            long macsPerStep,
            FocusPrecision precision) {
        if (batchSize < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("batch size must be positive and the queue capacity not negative");
        }
        this.focus = focus;
        this.thresholds = thresholds.clone();
        this.batchSize = batchSize;
        this.queueCapacity = queueCapacity;
        this.macsPerStep = macsPerStep;
        this.manager = parent.newSubManager();
        this.net = FocusNet.of(focus, manager, precision);
        this.staging = StagingBuffers.allocate(batchSize, manager.getDevice());
    }

    /** Whether the staging buffers are page-locked (pinned) host memory, which the GPU copies from directly. */
    public boolean pinned() {
        return staging.pinned();
    }

    public FocusPrecision precision() {
        return net.precision();
    }

    /** Queues a clip; false when the queue is full (run {@link #step} first). */
    public boolean offer(Request request) {
        if (request.patches().size() > focus.steps()) {
            throw new IllegalArgumentException("clip " + request.clipId() + " has "
                    + request.patches().size() + " patches; the focus stage has " + focus.steps() + " exits");
        }
        if (active.size() < batchSize && waiting.isEmpty()) {
            active.add(new Active(request));
            return true;
        }
        if (waiting.size() >= queueCapacity) {
            return false;
        }
        waiting.add(new Active(request));
        return true;
    }

    /** Clips in flight plus clips waiting. */
    public int pending() {
        return active.size() + waiting.size();
    }

    public boolean isFull() {
        return active.size() >= batchSize && waiting.size() >= queueCapacity;
    }

    /** Requests in flight and waiting, in order (what an operator snapshots). */
    public List<Request> pendingRequests() {
        List<Request> out = new ArrayList<>();
        active.forEach(a -> out.add(a.request));
        waiting.forEach(a -> out.add(a.request));
        return out;
    }

    /** Size of the batch the next {@link #step} runs. */
    public int nextBatchSize() {
        return Math.min(batchSize, active.size() + waiting.size());
    }

    /** Runs one step for every active clip; returns the clips that exited in it. */
    public List<Result> step() {
        refill();
        List<Result> done = new ArrayList<>();
        if (active.isEmpty()) {
            return done;
        }
        Inference.gradientsOff();
        int n = active.size();
        int d = Encoders.LOCAL_CHANNELS;
        int hd = TemporalHead.HIDDEN;
        // the batch goes straight into the reused staging buffers: no float[] per batch, no new direct buffer per
        // step (NDManager.create(float[]) allocates one and copies from pageable memory)
        for (int i = 0; i < n; i++) {
            Active a = active.get(i);
            staging.rows().put(i * PATCH_FLOATS, a.request.patches().get(a.step));
            staging.rows().put(n * PATCH_FLOATS + i * hd, a.request.clipFeatures());
        }
        // clips at the same step share an exit head: one classifier call per distinct step, rows in batch order
        Map<Integer, List<Integer>> byStep = new TreeMap<>();
        int survivors = 0;
        for (int i = 0; i < n; i++) {
            Active a = active.get(i);
            if (a.row >= 0) {
                if (survivors != i) {
                    throw new IllegalStateException("a clip that survived the last step is not among the first rows");
                }
                staging.indices().put(survivors++, a.row);
            }
            byStep.computeIfAbsent(a.step + 1, k -> new ArrayList<>()).add(i);
        }
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            // one host-to-device copy for the patches and the clip representations, then views of it (slices built,
            // not parsed from strings: this runs per step)
            NDArray staged = m.create(staging.rowBytes(n), new Shape((long) n * (PATCH_FLOATS + hd)), DataType.FLOAT32);
            NDArray patches = staged.get(new NDIndex().addSliceDim(0, (long) n * PATCH_FLOATS))
                    .reshape(n, 3, FocusModel.PATCH, FocusModel.PATCH);
            NDArray clipFeatures = staged.get(
                            new NDIndex().addSliceDim((long) n * PATCH_FLOATS, (long) n * (PATCH_FLOATS + hd)))
                    .reshape(n, hd);
            NDArray local = net.localFeatures(ps, patches);
            // the running max stays on the device; a clip that survived the last step is a row of its tensor, and
            // survivors come first in the batch (exits remove, new clips append)
            NDArray running = local;
            if (survivors > 0) {
                NDArray previous = runningMax.get(
                        m.create(staging.indexBytes(0, survivors), new Shape(survivors), DataType.INT64));
                NDArray kept = previous.maximum(local.get(new NDIndex().addSliceDim(0, survivors)));
                running = survivors == n ? kept : kept.concat(local.get(new NDIndex().addSliceDim(survivors, n)), 0);
            }
            NDList probabilities = new NDList(byStep.size());
            int at = survivors;
            for (Map.Entry<Integer, List<Integer>> e : byStep.entrySet()) {
                List<Integer> rows = e.getValue();
                NDArray run = running;
                NDArray h = clipFeatures;
                if (rows.size() != n) {
                    for (int r = 0; r < rows.size(); r++) {
                        staging.indices().put(at + r, rows.get(r));
                    }
                    NDArray index =
                            m.create(staging.indexBytes(at, rows.size()), new Shape(rows.size()), DataType.INT64);
                    at += rows.size();
                    run = running.get(index);
                    h = clipFeatures.get(index);
                }
                probabilities.add(net.exitProbabilities(ps, e.getKey(), run, h));
            }
            // the step's one device-to-host transfer, which waits for the GPU
            float[] probs = (probabilities.size() == 1 ? probabilities.get(0) : NDArrays.concat(probabilities, 0))
                    .toFloatArray();
            int c = probs.length / n;
            boolean[] leaves = new boolean[n];
            Result[] results = new Result[n];
            int row = 0;
            for (Map.Entry<Integer, List<Integer>> e : byStep.entrySet()) {
                int k = e.getKey();
                for (int i : e.getValue()) {
                    Active a = active.get(i);
                    a.step = k;
                    float[] p = new float[c];
                    System.arraycopy(probs, row * c, p, 0, c);
                    row++;
                    boolean last = a.step == a.request.patches().size();
                    if (last || AdaptiveCascade.max(p) >= thresholds[k]) {
                        leaves[i] = true;
                        int label = AdaptiveCascade.argmax(p);
                        results[i] = new Result(a.request.clipId(), k, p, label, macsPerStep * k);
                    }
                }
            }
            Iterator<Active> it = active.iterator();
            int kept = 0;
            for (int i = 0; i < n; i++) {
                Active a = it.next();
                if (leaves[i]) {
                    it.remove();
                    done.add(results[i]);
                } else {
                    a.row = i;
                    kept++;
                }
            }
            if (runningMax != null) {
                runningMax.close();
                runningMax = null;
            }
            if (kept > 0) {
                // outlives this step's manager: the next step reads the survivors' rows
                running.attach(manager);
                runningMax = running;
            }
        }
        refill(); // places freed by exits go to waiting clips now, so the queue has room for the next offer
        return done;
    }

    private void refill() {
        while (active.size() < batchSize && !waiting.isEmpty()) {
            active.add(waiting.poll());
        }
    }

    /** Runs steps until nothing is pending; returns every result. */
    public List<Result> drain() {
        List<Result> all = new ArrayList<>();
        while (pending() > 0) {
            all.addAll(step());
        }
        return all;
    }

    @Override
    public void close() {
        manager.close();
        staging.close();
    }
}
