package dev.saccade.models.skipconv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folded encoder run densely by the engine (PyTorch's CPU conv kernels, batch norm folded, weights uploaded
 * once, no autograd, one sub-manager per call): the dense side skip-convolutions are measured against.
 */
public final class EngineEncoder implements AutoCloseable {
    private final FoldedEncoder encoder;
    private final NDManager manager;
    private final Map<ConvLayer, NDArray[]> weights = new IdentityHashMap<>();

    public EngineEncoder(FoldedEncoder encoder, NDManager parent) {
        this.encoder = encoder;
        this.manager = parent.newSubManager();
        for (ConvLayer c : encoder.convLayers()) {
            weights.put(c, new NDArray[] {manager.create(c.weight(), c.weightShape()), manager.create(c.bias())});
        }
    }

    /** One frame, CHW floats of the given size, to the output map as CHW floats. */
    public float[] forward(float[] chw, int channels, int height, int width) {
        Inference.gradientsOff();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(chw, new Shape(1, channels, height, width));
            return run(encoder.nodes(), x).toFloatArray();
        }
    }

    /** Output shape {C, H, W} for an input size. */
    public long[] outputShape(int channels, int height, int width) {
        try (NDManager m = manager.newSubManager()) {
            return run(encoder.nodes(), m.zeros(new Shape(1, channels, height, width)))
                    .getShape()
                    .slice(1)
                    .getShape();
        }
    }

    private NDArray run(List<Node> nodes, NDArray x) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer c) {
                NDArray[] w = weights.get(c);
                NDArray y = Conv2d.conv2d(
                                x,
                                w[0],
                                w[1],
                                new Shape(c.stride(), c.stride()),
                                new Shape(c.padding(), c.padding()),
                                new Shape(1, 1),
                                c.groups())
                        .singletonOrThrow();
                x = FoldedEncoder.activate(y, c.act());
            } else if (n instanceof Residual r) {
                x = FoldedEncoder.activate(run(r.body(), x).add(x), r.act());
            }
        }
        return x;
    }

    @Override
    public void close() {
        manager.close();
    }
}
