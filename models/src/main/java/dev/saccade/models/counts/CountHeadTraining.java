package dev.saccade.models.counts;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.GlanceOutput;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Fits the count head on the trained glance's h of training clips and measures it on validation clips. */
public final class CountHeadTraining {
    /** Ridge penalty per example: enough to keep 64 weights steady on a few hundred clips. */
    static final double LAMBDA = 1e-3;

    private CountHeadTraining() {}

    public static CountHead fit(
            CascadeNets nets,
            ClipDataset data,
            List<ClipRef> train,
            List<ClipRef> validation,
            Consumer<String> progress) {
        List<String> groups = data.countGroups();
        float[][] h = features(nets, data, train);
        double[][] y = new double[train.size()][groups.size()];
        for (int i = 0; i < train.size(); i++) {
            int[] c = data.counts(train.get(i));
            for (int g = 0; g < groups.size(); g++) {
                y[i][g] = Math.log1p(c[g]);
            }
        }
        double[][] coefficients = RidgeRegression.fit(h, y, LAMBDA);
        float[][] w = new float[groups.size()][h[0].length];
        float[] b = new float[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            for (int i = 0; i < w[g].length; i++) {
                w[g][i] = (float) coefficients[g][i];
            }
            b[g] = (float) coefficients[g][w[g].length];
        }
        CountHead head = new CountHead(groups, w, b, Map.of());
        float[][] hv = features(nets, data, validation);
        int exact = 0;
        double absError = 0;
        for (int i = 0; i < validation.size(); i++) {
            ClipRef ref = validation.get(i);
            Map<String, Integer> predicted = head.counts(hv[i], data.labels().get(ref.label()));
            int[] truth = data.counts(ref);
            boolean all = true;
            for (int g = 0; g < groups.size(); g++) {
                int p = predicted.get(groups.get(g));
                absError += Math.abs(p - truth[g]);
                all &= p == truth[g];
            }
            exact += all ? 1 : 0;
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("exact_fraction", validation.isEmpty() ? 0 : (double) exact / validation.size());
        v.put("mean_abs_error_per_group", validation.isEmpty() ? 0 : absError / validation.size() / groups.size());
        progress.accept(String.format(
                "counts exact on %.3f of validation clips, mean absolute error %.3f per group",
                v.get("exact_fraction"), v.get("mean_abs_error_per_group")));
        return new CountHead(groups, w, b, v);
    }

    /** The glance's h of each clip. */
    static float[][] features(CascadeNets nets, ClipDataset data, List<ClipRef> refs) {
        int t = nets.clipLength();
        float[][] out = new float[refs.size()][];
        try (NDManager m = nets.glance().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int start = 0; start < refs.size(); start += 16) {
                List<ClipData> clips = refs.subList(start, Math.min(refs.size(), start + 16)).parallelStream()
                        .map(data::load)
                        .toList();
                try (NDManager b = m.newSubManager()) {
                    GlanceOutput g =
                            GlanceOutput.onFrames(nets, ps, AdaptiveCascade.stackFrames(b, clips), clips.size());
                    float[] all = g.clipFeatures().toFloatArray();
                    int hidden = all.length / clips.size();
                    for (int i = 0; i < clips.size(); i++) {
                        out[start + i] = java.util.Arrays.copyOfRange(all, i * hidden, (i + 1) * hidden);
                    }
                }
            }
        }
        return out;
    }
}
