package dev.saccade.models.cascade;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.skipconv.GlanceFrames;
import dev.saccade.models.skipconv.SkipConvFrameStats;
import dev.saccade.models.skipconv.SkipConvNetwork;
import dev.saccade.models.skipconv.SkipConvSettings;
import dev.saccade.models.skipconv.SkipConvStreams;

/**
 * The glance stage with f_G's encoder run as skip-convolutions: each stream keeps its layers' references, so a frame
 * recomputes only where it changed; the heads, exit 0 and the policy then run as in {@link GlanceStage}. Clips of a
 * stream must come in order. One instance serves one thread.
 */
public final class SkipConvGlance implements AutoCloseable {
    private final CascadeNets nets;
    private final GlanceStage decisions;
    private final SkipConvNetwork network;
    private final SkipConvStreams streams;
    private final long headMacsPerClip;
    private long macsRun;
    private long macsDense;
    private long positionsOpened;
    private long positionsGated;

    public SkipConvGlance(CascadeNets nets, double exit0Threshold, SkipConvSettings settings, int maxStreams) {
        this.nets = nets;
        this.decisions = new GlanceStage(nets, exit0Threshold);
        GlanceModel glance = nets.glanceBlock();
        this.network = new SkipConvNetwork(
                FoldedEncoder.fold(glance.encoder()),
                GlanceModel.HEIGHT,
                GlanceModel.WIDTH,
                GlanceFrames.CHANNELS,
                settings);
        this.streams = new SkipConvStreams(network, maxStreams);
        this.headMacsPerClip = nets.glanceMacsPerClip() - (long) nets.clipLength() * glance.encoderMacsPerFrame();
    }

    /** The glance outcome of one clip of the stream, its frames after the one before them. */
    public GlanceStage.Glance run(NDManager parent, String streamId, ClipData clip) {
        return run(parent, streamId, clip, 0, 0);
    }

    /**
     * As {@link #run(NDManager, String, ClipData)} on frames reduced from a planWidth x planHeight frame: the looks are
     * placed in the full frame (0: the clip's own size).
     */
    public GlanceStage.Glance run(NDManager parent, String streamId, ClipData clip, int planWidth, int planHeight) {
        Inference.gradientsOff();
        int t = nets.clipLength();
        int plane = GlanceModel.WIDTH * GlanceModel.HEIGHT;
        // the engine's own input, frame by frame: the skip network sees exactly what the dense f_G would
        float[] input = Preprocess.glanceInput(clip.frames(), t, clip.height(), clip.width());
        int[] shape = network.outputShape();
        int outPlane = shape[0] * shape[1];
        float[] maps = new float[t * outPlane * shape[2]];
        long macs = headMacsPerClip;
        var state = streams.state(streamId);
        for (int k = 0; k < t; k++) {
            float[] chw = new float[GlanceFrames.CHANNELS * plane];
            System.arraycopy(input, k * chw.length, chw, 0, chw.length);
            float[] out = network.run(
                    state,
                    GlanceFrames.toHwc(chw, GlanceModel.HEIGHT, GlanceModel.WIDTH, GlanceFrames.CHANNELS),
                    chw,
                    false);
            System.arraycopy(
                    GlanceFrames.toChw(out, shape[0], shape[1], shape[2]),
                    0,
                    maps,
                    k * outPlane * shape[2],
                    outPlane * shape[2]);
            SkipConvFrameStats stats = network.lastStats();
            macs += stats.macs();
            macsRun += stats.macs();
            macsDense += stats.denseMacs();
            for (int l = 0; l < stats.layers(); l++) {
                positionsOpened += stats.opened(l);
                positionsGated += network.layerInputPositions(l);
            }
        }
        return decisions.fromMaps(parent, maps, shape[2], shape[0], shape[1], clip, macs, planWidth, planHeight);
    }

    /** Forgets a stream (it ended or went idle): its next frame runs densely. */
    public void forget(String streamId) {
        streams.remove(streamId);
    }

    /** Encoder MACs the dense f_G would have run over those that ran, so far. */
    public double macRatio() {
        return macsRun == 0 ? 1.0 : (double) macsDense / macsRun;
    }

    /** Share of gated positions that opened, over every layer and frame so far. */
    public double openFraction() {
        return positionsGated == 0 ? 1.0 : (double) positionsOpened / positionsGated;
    }

    public int streams() {
        return streams.size();
    }

    public long stateBytesPerStream() {
        return streams.bytesPerStream();
    }

    @Override
    public void close() {
        network.close();
    }
}
