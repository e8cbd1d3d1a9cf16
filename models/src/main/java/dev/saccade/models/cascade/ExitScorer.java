package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Preprocess;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs every exit on every clip (all K focus steps, no early stop) and keeps the probabilities, so thresholds can be
 * calibrated and swept without running the networks again. Not a cost measurement: the cascade counts what it ran.
 */
public final class ExitScorer {
    private ExitScorer() {}

    public static List<ScoredClip> score(CascadeNets nets, List<ClipRef> refs, Function<ClipRef, ClipData> loader) {
        int t = nets.clipLength();
        int k = nets.focusSteps();
        List<ScoredClip> out = new ArrayList<>();
        try (NDManager m = nets.focus().getNDManager().newSubManager()) {
            for (int start = 0; start < refs.size(); start += 16) {
                List<ClipData> clips = refs.subList(start, Math.min(refs.size(), start + 16)).parallelStream()
                        .map(loader)
                        .toList();
                try (NDManager b = m.newSubManager()) {
                    ParameterStore ps = new ParameterStore(b, false);
                    NDArray full = AdaptiveCascade.stackFrames(b, clips);
                    GlanceOutput g = GlanceOutput.onFrames(nets, ps, full, clips.size());
                    for (int i = 0; i < clips.size(); i++) {
                        ClipData c = clips.get(i);
                        NDList patches = new NDList();
                        for (Policy.Focus f : Policy.plan(g.heat()[i], g.levels()[i], k, c.width(), c.height())) {
                            patches.add(Preprocess.patch(AdaptiveCascade.clipFrame(full, i, t, f.frame()), f.box()));
                        }
                        float[] p = nets.focusBlock()
                                .forward(
                                        ps,
                                        new NDList(
                                                NDArrays.concat(patches, 0),
                                                g.clipFeatures().get(i).expandDims(0)),
                                        false)
                                .get(0)
                                .softmax(2)
                                .toFloatArray();
                        int classes = p.length / k;
                        float[][] focus = new float[k][classes];
                        for (int s = 0; s < k; s++) {
                            System.arraycopy(p, s * classes, focus[s], 0, classes);
                        }
                        out.add(new ScoredClip(c.label(), g.exit0()[i], focus));
                    }
                }
            }
        }
        return out;
    }
}
