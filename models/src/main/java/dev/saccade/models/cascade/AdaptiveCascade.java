package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ExternalRoles;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.net.FocusModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the adaptive cascade for real: glance on every clip; a clip confident at exit 0 stops there; the others look at
 * one policy-chosen patch at a time until an exit is confident or the last exit answers. Compute is counted from what
 * ran.
 */
public final class AdaptiveCascade {
    public static final String GLANCE = "glance";

    private final CascadeNets nets;
    private final ExternalRoles external;
    private final double[] thresholds;
    private final DetectorFocus detector;

    /** thresholds[0] for exit 0, thresholds[k] for exit k; the last exit always answers. */
    public AdaptiveCascade(CascadeNets nets, double[] thresholds) {
        this(nets, ExternalRoles.none(), thresholds);
    }

    /** As {@link #AdaptiveCascade(CascadeNets, double[])}, running the roles {@code external} has as external models. */
    public AdaptiveCascade(CascadeNets nets, ExternalRoles external, double[] thresholds) {
        this(nets, external, thresholds, null);
    }

    private AdaptiveCascade(CascadeNets nets, ExternalRoles external, double[] thresholds, DetectorFocus detector) {
        if (thresholds.length != nets.focusSteps() + 1) {
            throw new IllegalArgumentException(
                    "need " + (nets.focusSteps() + 1) + " thresholds, got " + thresholds.length);
        }
        this.nets = nets;
        this.external = external;
        this.thresholds = thresholds.clone();
        this.detector = detector;
    }

    /** This cascade with the reference detector as its focus stage instead of f_L (the detector stays the caller's). */
    public AdaptiveCascade withDetector(DetectorFocus detector) {
        if (external.has(ExternalRoles.GLANCE)) {
            throw new IllegalArgumentException("the detector focus role reads the built-in glance's probabilities");
        }
        return new AdaptiveCascade(nets, external, thresholds, detector);
    }

    /** What the cascade decided for one clip and what it cost. */
    public record Decision(
            int label,
            float confidence,
            float[] probabilities,
            String stage,
            List<Policy.Focus> looked,
            long macs,
            float[] clipFeatures,
            List<DetectorFocus.Found> found) {}

    public static String stageName(int exit) {
        return exit == 0 ? GLANCE : "focus-" + exit;
    }

    /** Classifies a batch of clips (T+1 frames each), adding the compute that ran to the ledger. */
    public List<Decision> classify(NDManager parent, List<ClipData> clips, MacLedger ledger) {
        int t = nets.clipLength();
        boolean glanceExternal = external.has(ExternalRoles.GLANCE);
        boolean localExternal = external.has(ExternalRoles.LOCAL);
        List<Decision> decisions = new ArrayList<>();
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray full = stackFrames(m, clips);
            GlanceOutput g = glanceExternal ? null : GlanceOutput.onFrames(nets, ps, full, clips.size());
            long glanceMacs =
                    glanceExternal ? t * external.macsPerImage(ExternalRoles.GLANCE) : nets.glanceMacsPerClip();
            long stepMacs = localExternal ? external.macsPerImage(ExternalRoles.LOCAL) : nets.focusMacsPerStep();
            FocusModel focus = nets.focusBlock();
            for (int i = 0; i < clips.size(); i++) {
                ClipData clip = clips.get(i);
                ledger.add(GLANCE, glanceMacs);
                float[] probs = glanceExternal ? meanOverFrames(ExternalRoles.GLANCE, clip) : g.exit0()[i];
                int exit = 0;
                List<Policy.Focus> looked = new ArrayList<>();
                List<DetectorFocus.Found> found = List.of();
                long macs = glanceMacs;
                if (max(probs) < thresholds[0] && detector != null) {
                    List<Policy.Focus> plan =
                            Policy.plan(g.heat()[i], g.levels()[i], nets.focusSteps(), clip.width(), clip.height());
                    List<DetectorFocus.Look> looks = new ArrayList<>();
                    for (Policy.Focus f : plan) {
                        looks.add(new DetectorFocus.Look(
                                f.frame(), f.box().x(), f.box().y(), f.box().size(), crop(clip, f)));
                    }
                    DetectorFocus.Result r = detector.decide(probs, looks, thresholds);
                    for (int k = 1; k <= r.exit(); k++) {
                        ledger.add(stageName(k), detector.macsPerLook());
                    }
                    probs = r.probabilities();
                    exit = r.exit();
                    looked.addAll(plan.subList(0, r.exit()));
                    macs += r.macs();
                    found = r.found();
                } else if (max(probs) < thresholds[0]) {
                    MotionPolicy.Inputs motion = glanceExternal ? MotionPolicy.of(clip) : null;
                    List<Policy.Focus> plan = glanceExternal
                            ? Policy.plan(
                                    motion.heat(), motion.levelLogits(), nets.focusSteps(), clip.width(), clip.height())
                            : Policy.plan(g.heat()[i], g.levels()[i], nets.focusSteps(), clip.width(), clip.height());
                    NDArray h = glanceExternal ? null : g.clipFeatures().get(i).expandDims(0);
                    NDArray running = null;
                    float[] runningProbs = null;
                    for (int k = 1; k <= plan.size(); k++) {
                        Policy.Focus f = plan.get(k - 1);
                        if (localExternal) {
                            // FrameExit's running max, over the external model's class scores instead of features
                            float[] p = external.probabilities(
                                    ExternalRoles.LOCAL,
                                    crop(clip, f),
                                    f.box().size(),
                                    f.box().size());
                            runningProbs = runningProbs == null ? p : elementwiseMax(runningProbs, p);
                            probs = normalised(runningProbs);
                        } else {
                            NDArray patch = Preprocess.patch(clipFrame(full, i, t, f.frame()), f.box());
                            NDArray local = focus.localFeatures(ps, patch, false);
                            running = running == null ? local : NDArrays.maximum(running, local);
                            probs = focus.exitLogits(ps, k, running, h, false)
                                    .softmax(1)
                                    .toFloatArray();
                        }
                        ledger.add(stageName(k), stepMacs);
                        macs += stepMacs;
                        looked.add(f);
                        exit = k;
                        if (k == plan.size() || max(probs) >= thresholds[k]) {
                            break;
                        }
                    }
                }
                NonFiniteOutput.check(probs, stageName(exit));
                int label = argmax(probs);
                decisions.add(new Decision(
                        label,
                        probs[label],
                        probs,
                        stageName(exit),
                        looked,
                        macs,
                        glanceExternal ? null : g.clipFeatures().get(i).toFloatArray(),
                        found));
            }
        }
        return decisions;
    }

    private float[] meanOverFrames(String role, ClipData clip) {
        float[] sum = null;
        for (int f = 1; f < clip.frames().length; f++) {
            float[] p = external.probabilities(role, clip.frames()[f], clip.width(), clip.height());
            if (sum == null) {
                sum = p.clone();
            } else {
                for (int c = 0; c < p.length; c++) {
                    sum[c] += p[c];
                }
            }
        }
        return normalised(sum);
    }

    /** The BGR pixels of a look's patch, cut from its frame (frame 0 of the clip is the one after the lead frame). */
    static byte[] crop(ClipData clip, Policy.Focus look) {
        byte[] frame = clip.frames()[look.frame() + 1];
        int size = look.box().size();
        byte[] out = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            System.arraycopy(
                    frame, ((look.box().y() + y) * clip.width() + look.box().x()) * 3, out, y * size * 3, size * 3);
        }
        return out;
    }

    private static float[] elementwiseMax(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    private static float[] normalised(float[] v) {
        double total = 0;
        for (float x : v) {
            total += x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / total);
        }
        return out;
    }

    /** Frame f (0-based within the clip) of clip i from {@link #stackFrames}, skipping the frame before each clip. */
    public static NDArray clipFrame(NDArray stacked, int clip, int t, int frame) {
        return stacked.get(clip * (t + 1) + frame + 1);
    }

    /** Dense baseline on a batch of clips, with this cascade's networks or the bundle's external dense model. */
    public float[][] dense(NDManager parent, List<ClipData> clips, MacLedger ledger) {
        if (!external.has(ExternalRoles.DENSE)) {
            return dense(nets, parent, clips, ledger);
        }
        float[][] out = new float[clips.size()][];
        for (int i = 0; i < clips.size(); i++) {
            out[i] = meanOverFrames(ExternalRoles.DENSE, clips.get(i));
            ledger.add("dense", clips.get(i).length() * external.macsPerImage(ExternalRoles.DENSE));
        }
        return out;
    }

    /** Whether the dense role runs as an external model. */
    public boolean externalDense() {
        return external.has(ExternalRoles.DENSE);
    }

    /** Whether any role runs as an external model (whose scores the built-in exit scorer cannot replay). */
    public boolean usesExternalRoles() {
        return !external.roles().isEmpty();
    }

    /** Dense baseline on a batch of clips: class probabilities per clip. */
    public static float[][] dense(CascadeNets nets, NDManager parent, List<ClipData> clips, MacLedger ledger) {
        int t = nets.clipLength();
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray input = Preprocess.dense(stackFrames(m, clips), clips.size(), t);
            float[] p = nets.denseBlock()
                    .forward(ps, new NDList(input), false)
                    .get(0)
                    .softmax(1)
                    .toFloatArray();
            int c = p.length / clips.size();
            float[][] out = new float[clips.size()][c];
            for (int i = 0; i < clips.size(); i++) {
                System.arraycopy(p, i * c, out[i], 0, c);
                NonFiniteOutput.check(out[i], "dense");
            }
            ledger.add("dense", nets.denseMacsPerClip(), clips.size());
            return out;
        }
    }

    /** All T+1 frames of every clip, (N*(T+1), H, W, 3) uint8. */
    public static NDArray stackFrames(NDManager m, List<ClipData> clips) {
        List<byte[]> frames = new ArrayList<>();
        for (ClipData c : clips) {
            java.util.Collections.addAll(frames, c.frames());
        }
        return Preprocess.stack(m, frames, clips.get(0).width(), clips.get(0).height());
    }

    public static float max(float[] v) {
        float m = v[0];
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
