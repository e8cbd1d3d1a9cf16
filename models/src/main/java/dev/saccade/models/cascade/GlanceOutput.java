package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.saccade.models.net.GlanceModel;

/** The glance stage's answers for a batch of clips: exit-0 probabilities, the policy's maps, and each clip's h. */
public record GlanceOutput(float[][] exit0, float[][][] heat, float[][][][] levels, NDArray clipFeatures) {

    /** Runs the glance model (inference mode) on (N*T, 4, 72, 96). */
    public static GlanceOutput run(
            GlanceModel model, ParameterStore ps, NDArray glanceInput, int clips, int t, int levels) {
        return of(model.forward(ps, new NDList(glanceInput), false), clips, t, levels);
    }

    /**
     * f_G with its heads on a batch of clips' stacked frames (N*(T+1), H, W, 3) uint8, as {@link
     * AdaptiveCascade#stackFrames} makes them.
     */
    public static GlanceOutput onFrames(
            dev.saccade.models.bundle.CascadeNets nets, ParameterStore ps, NDArray stackedFrames, int clips) {
        int t = nets.clipLength();
        return run(
                nets.glanceBlock(),
                ps,
                dev.saccade.models.data.Preprocess.glance(stackedFrames, clips, t),
                clips,
                t,
                dev.saccade.models.data.PatchBox.LEVEL_SIZES.length);
    }

    /** From f_G's feature maps (N*T, 64, h, w): the heads only, as when the encoder ran with skip-convolutions. */
    public static GlanceOutput fromFeatures(
            GlanceModel model, ParameterStore ps, NDArray features, int clips, int t, int levels) {
        return of(model.heads(ps, features, false), clips, t, levels);
    }

    private static GlanceOutput of(NDList out, int clips, int t, int levels) {
        float[] probs = out.get(0).softmax(1).toFloatArray();
        float[] heat = Activation.sigmoid(out.get(1)).toFloatArray();
        float[] lv = out.get(2).toFloatArray();
        int c = probs.length / clips;
        float[][] exit0 = new float[clips][c];
        float[][][] heatMaps = new float[clips][t][GlanceModel.CELLS];
        float[][][][] levelMaps = new float[clips][t][levels][GlanceModel.CELLS];
        for (int i = 0; i < clips; i++) {
            System.arraycopy(probs, i * c, exit0[i], 0, c);
            for (int f = 0; f < t; f++) {
                int row = i * t + f;
                System.arraycopy(heat, row * GlanceModel.CELLS, heatMaps[i][f], 0, GlanceModel.CELLS);
                for (int l = 0; l < levels; l++) {
                    System.arraycopy(
                            lv, (row * levels + l) * GlanceModel.CELLS, levelMaps[i][f][l], 0, GlanceModel.CELLS);
                }
            }
        }
        return new GlanceOutput(exit0, heatMaps, levelMaps, out.get(3));
    }
}
