package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.onnx.OrtEncoder;
import java.util.List;

/**
 * The dense baseline with f_L's encoder on ONNX Runtime, frame by frame, and the spatial map, pooling and temporal head
 * on the engine: the same network as {@link AdaptiveCascade#dense}, on the runtime that runs its convolutions fastest on
 * a CPU ({@code bench glance} and {@code bench skipconv} measure the same for f_G).
 */
public final class OrtDense implements AutoCloseable {
    private final CascadeNets nets;
    private final OrtEncoder encoder;
    private final long[] mapShape;

    public OrtDense(CascadeNets nets, OrtEncoder.Threads threads) {
        this.nets = nets;
        DenseModel dense = nets.denseBlock();
        this.encoder = new OrtEncoder(
                FoldedEncoder.fold(dense.encoder()),
                Encoders.GLANCE_INPUT_CHANNELS,
                DenseModel.HEIGHT,
                DenseModel.WIDTH,
                threads);
        this.mapShape = encoder.outputShape();
    }

    /** Class probabilities per clip, as {@link AdaptiveCascade#dense} gives them. */
    public float[][] run(NDManager parent, List<ClipData> clips, MacLedger ledger) {
        Inference.gradientsOff();
        int t = nets.clipLength();
        try (NDManager m = parent.newSubManager()) {
            NDArray input = Preprocess.dense(AdaptiveCascade.stackFrames(m, clips), clips.size(), t);
            float[] pixels = input.toFloatArray();
            int frames = clips.size() * t;
            int in = pixels.length / frames;
            int out = (int) (mapShape[0] * mapShape[1] * mapShape[2]);
            float[] chw = new float[in];
            float[] maps = new float[frames * out];
            for (int k = 0; k < frames; k++) {
                System.arraycopy(pixels, k * in, chw, 0, in);
                System.arraycopy(encoder.forward(chw), 0, maps, k * out, out);
            }
            NDArray features = m.create(maps, new Shape(frames, mapShape[0], mapShape[1], mapShape[2]));
            float[] p = nets.denseBlock()
                    .fromFeatures(new ParameterStore(m, false), features, false)
                    .get(0)
                    .softmax(1)
                    .toFloatArray();
            int c = p.length / clips.size();
            float[][] result = new float[clips.size()][c];
            for (int i = 0; i < clips.size(); i++) {
                System.arraycopy(p, i * c, result[i], 0, c);
                NonFiniteOutput.check(result[i], "dense");
            }
            ledger.add("dense", nets.denseMacsPerClip(), clips.size());
            return result;
        }
    }

    @Override
    public void close() {
        encoder.close();
    }
}
