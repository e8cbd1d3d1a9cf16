package dev.saccade.models.cascade;

import dev.saccade.models.data.PatchBox;
import dev.saccade.models.data.Targets;
import dev.saccade.models.net.GlanceModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the glance stage's policy outputs for one clip: frames ranked by how sure the heatmap is that something is
 * there, and for each the patch at the heatmap's peak, its size from the level head.
 */
public final class Policy {
    private Policy() {}

    /** One look: which frame of the clip, and where. */
    public record Focus(int frame, PatchBox box, float priority) {}

    /**
     * @param heat sigmoid heat per frame and cell, [T][30]
     * @param levelLogits level logits per frame, level and cell, [T][L][30]
     */
    public static List<Focus> plan(float[][] heat, float[][][] levelLogits, int steps, int width, int height) {
        List<Focus> all = new ArrayList<>();
        for (int t = 0; t < heat.length; t++) {
            int best = 0;
            for (int c = 1; c < GlanceModel.CELLS; c++) {
                if (heat[t][c] > heat[t][best]) {
                    best = c;
                }
            }
            int level = 0;
            for (int l = 1; l < levelLogits[t].length; l++) {
                if (levelLogits[t][l][best] > levelLogits[t][level][best]) {
                    level = l;
                }
            }
            double[] centre = Targets.cellCentre(best, width, height);
            all.add(new Focus(t, PatchBox.centred(centre[0], centre[1], level, width, height), heat[t][best]));
        }
        // most confident first; among equals, later frames (the event has progressed further)
        all.sort(Comparator.comparingDouble((Focus f) -> -f.priority()).thenComparingInt(f -> -f.frame()));
        return all.subList(0, Math.min(steps, all.size()));
    }
}
