package dev.saccade.models.cascade;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.onnx.OrtEncoder;
import dev.saccade.models.skipconv.GlanceFrames;

/**
 * The glance stage with f_G's encoder run densely by ONNX Runtime, frame by frame, and the heads, exit 0 and the policy
 * as {@link SkipConvGlance} runs them: the dense glance that skip-convolutions are measured against.
 */
public final class OrtGlance implements AutoCloseable {
    private final CascadeNets nets;
    private final GlanceStage decisions;
    private final OrtEncoder encoder;
    private final long[] outputShape;

    public OrtGlance(CascadeNets nets, double exit0Threshold, OrtEncoder.Threads threads) {
        this.nets = nets;
        this.decisions = new GlanceStage(nets, exit0Threshold);
        GlanceModel glance = nets.glanceBlock();
        FoldedEncoder folded = FoldedEncoder.fold(glance.encoder());
        this.encoder = new OrtEncoder(folded, GlanceFrames.CHANNELS, GlanceModel.HEIGHT, GlanceModel.WIDTH, threads);
        this.outputShape = encoder.outputShape();
    }

    /** The glance outcome of one clip, its frames after the one before them. */
    public GlanceStage.Glance run(NDManager parent, ClipData clip) {
        return run(parent, clip, 0, 0);
    }

    /**
     * As {@link #run(NDManager, ClipData)} on frames reduced from a planWidth x planHeight frame: the looks are placed in
     * the full frame (0: the clip's own size).
     */
    public GlanceStage.Glance run(NDManager parent, ClipData clip, int planWidth, int planHeight) {
        Inference.gradientsOff();
        int t = nets.clipLength();
        float[] input = Preprocess.glanceInput(
                Preprocess.concat(java.util.Arrays.asList(clip.frames())), t, clip.height(), clip.width());
        int frame = GlanceFrames.CHANNELS * GlanceModel.HEIGHT * GlanceModel.WIDTH;
        int out = (int) (outputShape[0] * outputShape[1] * outputShape[2]);
        float[] maps = new float[t * out];
        float[] chw = new float[frame];
        for (int k = 0; k < t; k++) {
            System.arraycopy(input, k * frame, chw, 0, frame);
            System.arraycopy(encoder.forward(chw), 0, maps, k * out, out);
        }
        return decisions.fromMaps(
                parent,
                maps,
                (int) outputShape[0],
                (int) outputShape[1],
                (int) outputShape[2],
                clip,
                nets.glanceMacsPerClip(),
                planWidth,
                planHeight);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
