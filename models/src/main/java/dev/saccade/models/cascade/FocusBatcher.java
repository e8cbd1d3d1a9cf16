package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.TemporalHead;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The focus stage for many streams at once, step-synchronously (FrameExit across clips): each {@link #step} runs the
 * next patch of every active clip through f_L in one batch, updates each clip's running max, and asks each clip's
 * exit; clips that are confident (or at their last patch) leave, waiting clips take their places. The queue is
 * bounded: {@link #offer} refuses when full, which the caller turns into backpressure. Not thread-safe; one per
 * operator subtask.
 */
public final class FocusBatcher implements AutoCloseable {
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
        float[] runningMax;

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
        if (batchSize < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("batch size must be positive and the queue capacity not negative");
        }
        this.focus = focus;
        this.thresholds = thresholds.clone();
        this.batchSize = batchSize;
        this.queueCapacity = queueCapacity;
        this.macsPerStep = macsPerStep;
        this.manager = parent.newSubManager();
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
        int patchFloats = 3 * FocusModel.PATCH * FocusModel.PATCH;
        float[] batch = new float[n * patchFloats];
        for (int i = 0; i < n; i++) {
            Active a = active.get(i);
            System.arraycopy(a.request.patches().get(a.step), 0, batch, i * patchFloats, patchFloats);
        }
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray patches = m.create(batch, new Shape(n, 3, FocusModel.PATCH, FocusModel.PATCH));
            float[] local = focus.localFeatures(ps, patches, false).toFloatArray();
            int d = local.length / n;
            // clips at the same step share an exit head: one classifier call per distinct step
            Map<Integer, List<Integer>> byStep = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Active a = active.get(i);
                float[] mine = new float[d];
                System.arraycopy(local, i * d, mine, 0, d);
                if (a.runningMax == null) {
                    a.runningMax = mine;
                } else {
                    for (int j = 0; j < d; j++) {
                        a.runningMax[j] = Math.max(a.runningMax[j], mine[j]);
                    }
                }
                a.step++;
                byStep.computeIfAbsent(a.step, k -> new ArrayList<>()).add(i);
            }
            boolean[] leaves = new boolean[n];
            Result[] results = new Result[n];
            for (Map.Entry<Integer, List<Integer>> e : byStep.entrySet()) {
                int k = e.getKey();
                List<Integer> rows = e.getValue();
                float[] running = new float[rows.size() * d];
                float[] h = new float[rows.size() * TemporalHead.HIDDEN];
                for (int r = 0; r < rows.size(); r++) {
                    Active a = active.get(rows.get(r));
                    System.arraycopy(a.runningMax, 0, running, r * d, d);
                    System.arraycopy(a.request.clipFeatures(), 0, h, r * TemporalHead.HIDDEN, TemporalHead.HIDDEN);
                }
                float[] probs = focus.exitLogits(
                                ps,
                                k,
                                m.create(running, new Shape(rows.size(), d)),
                                m.create(h, new Shape(rows.size(), TemporalHead.HIDDEN)),
                                false)
                        .softmax(1)
                        .toFloatArray();
                int c = probs.length / rows.size();
                for (int r = 0; r < rows.size(); r++) {
                    int i = rows.get(r);
                    Active a = active.get(i);
                    float[] p = new float[c];
                    System.arraycopy(probs, r * c, p, 0, c);
                    boolean last = a.step == a.request.patches().size();
                    if (last || AdaptiveCascade.max(p) >= thresholds[k]) {
                        leaves[i] = true;
                        int label = AdaptiveCascade.argmax(p);
                        results[i] = new Result(a.request.clipId(), k, p, label, macsPerStep * k);
                    }
                }
            }
            Iterator<Active> it = active.iterator();
            for (int i = 0; i < n; i++) {
                it.next();
                if (leaves[i]) {
                    it.remove();
                    done.add(results[i]);
                }
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
    }
}
