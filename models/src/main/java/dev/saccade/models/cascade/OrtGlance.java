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
 * The glance stage with f_G's encoder run densely by ONNX Runtime, a clip's frames in one batch, and the heads, exit 0 and the policy
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
        // the clip's frames in one run: the glance's input is already (T, 4, H, W) and the maps come back (T, C, h, w)
        this.encoder = new OrtEncoder(
                folded, GlanceFrames.CHANNELS, GlanceModel.HEIGHT, GlanceModel.WIDTH, threads, nets.clipLength());
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
        float[] input = Preprocess.glanceInput(clip.frames(), t, clip.height(), clip.width());
        float[] maps = encoder.forward(input);
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
