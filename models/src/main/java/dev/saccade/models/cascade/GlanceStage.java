package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.PatchBox;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.engine.Inference;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's CPU stage of the cascade for a batch of clips: f_G, exit 0 and the policy. A clip confident at exit 0
 * is decided; any other gets the looks the focus stage should take, in visiting order, and the representation h its
 * exits read. Equal to the first half of {@link AdaptiveCascade#classify}.
 */
public final class GlanceStage {
    private final CascadeNets nets;
    private final double exit0Threshold;
    private GlanceHeads heads;

    public GlanceStage(CascadeNets nets, double exit0Threshold) {
        this.nets = nets;
        this.exit0Threshold = exit0Threshold;
    }

    /** One clip's glance: exit-0 probabilities, whether they decide, h, and where undecided the looks to take. */
    public record Glance(
            float[] probabilities, boolean decided, float[] clipFeatures, List<Policy.Focus> plan, long macs) {
        public int label() {
            return AdaptiveCascade.argmax(probabilities);
        }
    }

    public List<Glance> run(NDManager parent, List<ClipData> clips) {
        return run(parent, clips, 0, 0);
    }

    /**
     * As {@link #run(NDManager, List)} on frames reduced from a planWidth x planHeight frame: the looks are placed in
     * the full frame (0: the clips' own size).
     */
    public List<Glance> run(NDManager parent, List<ClipData> clips, int planWidth, int planHeight) {
        Inference.gradientsOff();
        int t = nets.clipLength();
        List<Glance> out = new ArrayList<>(clips.size());
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray full = AdaptiveCascade.stackFrames(m, clips);
            GlanceOutput g = GlanceOutput.onFrames(nets, ps, full, clips.size());
            long[] macs = new long[clips.size()];
            java.util.Arrays.fill(macs, nets.glanceMacsPerClip());
            out.addAll(decide(g, clips, macs, planWidth, planHeight));
        }
        return out;
    }

    /**
     * One clip's glance from f_G's feature maps computed elsewhere (skip-convolutions, ONNX Runtime): {@code maps} holds
     * the clip's frames one after another, each (C, H, W); the heads, exit 0 and the policy run on the engine.
     */
    Glance fromMaps(NDManager parent, float[] maps, int c, int h, int w, ClipData clip, long macs) {
        return fromMaps(parent, maps, c, h, w, clip, macs, 0, 0);
    }

    /** As above, the looks placed in a planWidth x planHeight frame (0: the clip's own). */
    Glance fromMaps(
            NDManager parent,
            float[] maps,
            int c,
            int h,
            int w,
            ClipData clip,
            long macs,
            int planWidth,
            int planHeight) {
        GlanceHeads.Outputs o = heads().run(maps, h, w);
        ClipData one = clip;
        if (AdaptiveCascade.max(o.exit0()) >= exit0Threshold) {
            return new Glance(o.exit0(), true, o.clipFeatures(), List.of(), macs);
        }
        List<Policy.Focus> plan = Policy.plan(
                o.heat(),
                o.levels(),
                nets.focusSteps(),
                planWidth > 0 ? planWidth : one.width(),
                planHeight > 0 ? planHeight : one.height());
        return new Glance(o.exit0(), false, o.clipFeatures(), plan, macs);
    }

    /** The heads in plain Java, built on first use. */
    GlanceHeads heads() {
        if (heads == null) {
            heads = new GlanceHeads(nets.glanceBlock());
        }
        return heads;
    }

    /** As {@link #fromMaps} with the heads on the engine: the reference {@link GlanceHeads} is held to. */
    Glance fromMapsOnEngine(NDManager parent, float[] maps, int c, int h, int w, ClipData clip, long macs) {
        int t = nets.clipLength();
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray features = m.create(maps, new Shape(t, c, h, w));
            GlanceOutput g =
                    GlanceOutput.fromFeatures(nets.glanceBlock(), ps, features, 1, t, PatchBox.LEVEL_SIZES.length);
            return decide(g, List.of(clip), new long[] {macs}, 0, 0).get(0);
        }
    }

    /** Exit 0 or the policy's looks for each clip, from the glance outputs; {@code macs} is what each clip cost. */
    List<Glance> decide(GlanceOutput g, List<ClipData> clips, long[] macs) {
        return decide(g, clips, macs, 0, 0);
    }

    /** As {@link #decide(GlanceOutput, List, long[])}, the looks placed in a planWidth x planHeight frame (0: own). */
    List<Glance> decide(GlanceOutput g, List<ClipData> clips, long[] macs, int planWidth, int planHeight) {
        List<Glance> out = new ArrayList<>(clips.size());
        float[] h = g.clipFeatures().toFloatArray();
        int hidden = h.length / clips.size();
        for (int i = 0; i < clips.size(); i++) {
            float[] probs = g.exit0()[i];
            float[] mine = new float[hidden];
            System.arraycopy(h, i * hidden, mine, 0, hidden);
            if (AdaptiveCascade.max(probs) >= exit0Threshold) {
                out.add(new Glance(probs, true, mine, List.of(), macs[i]));
                continue;
            }
            ClipData clip = clips.get(i);
            List<Policy.Focus> plan = Policy.plan(
                    g.heat()[i],
                    g.levels()[i],
                    nets.focusSteps(),
                    planWidth > 0 ? planWidth : clip.width(),
                    planHeight > 0 ? planHeight : clip.height());
            out.add(new Glance(probs, false, mine, plan, macs[i]));
        }
        return out;
    }

    /** The BGR pixels of a look's patch, cut from its frame at full resolution. */
    public static byte[] crop(ClipData clip, Policy.Focus look) {
        return AdaptiveCascade.crop(clip, look);
    }

    /** A full-resolution BGR patch as f_L's input, exactly as the cascade prepares it: 3 x 64 x 64 floats. */
    public static float[] patchInput(NDManager parent, byte[] bgr, int size) {
        try (NDManager m = parent.newSubManager()) {
            NDArray crop = Preprocess.stack(m, List.of(bgr), size, size);
            return Preprocess.resized(
                            crop, dev.saccade.models.net.FocusModel.PATCH, dev.saccade.models.net.FocusModel.PATCH)
                    .toFloatArray();
        }
    }
}
