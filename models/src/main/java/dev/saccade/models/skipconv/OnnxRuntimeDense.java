package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import dev.saccade.models.onnx.OrtEncoder;
import java.util.List;

/**
 * What skip-convolutions hand to ONNX Runtime (one thread, like the skip kernels), whose dense convs are faster than
 * this package's: whole frames of a scene that moves everywhere, and a dense tail of the encoder's top-level nodes from
 * one on, where sparsity does not pay. Both run on the plan's HWC maps.
 */
final class OnnxRuntimeDense implements AutoCloseable {
    final OrtEncoder whole;
    /** The same on the input's CHW floats (where the caller has them: no transpose in front), to HWC maps. */
    final OrtEncoder wholeFromChw;
    /** The dense tail, or null when every layer runs with skip-convolutions. */
    final OrtEncoder tail;
    /** Plan steps that run with skip-convolutions before the tail. */
    final int headSteps;
    /** The buffer the tail reads. */
    final int tailInput;
    /** The first conv (plan index) the tail runs. */
    final int firstTailConv;

    OnnxRuntimeDense(FoldedEncoder encoder, LayerPlan plan, int fromNode) {
        List<Node> nodes = encoder.nodes();
        int[] in = plan.shape(0);
        whole = new OrtEncoder(nodes, in[2], in[0], in[1], OrtEncoder.Threads.ONE, true);
        wholeFromChw = new OrtEncoder(nodes, in[2], in[0], in[1], OrtEncoder.Threads.ONE, false, true);
        int from = Math.min(fromNode, nodes.size());
        int steps = 0;
        int convs = 0;
        for (Node n : nodes.subList(0, from)) {
            steps += steps(n);
            convs += convs(n);
        }
        headSteps = steps;
        firstTailConv = convs;
        tailInput = steps == 0 ? 0 : plan.steps().get(steps - 1).outBuffer();
        if (from < nodes.size()) {
            int[] s = plan.shape(tailInput);
            tail = new OrtEncoder(nodes.subList(from, nodes.size()), s[2], s[0], s[1], OrtEncoder.Threads.ONE, true);
        } else {
            tail = null;
        }
    }

    /** Plan steps of one node: its convs, and a residual's add. */
    static int steps(Node n) {
        if (n instanceof Residual r) {
            return r.body().stream().mapToInt(OnnxRuntimeDense::steps).sum() + 1;
        }
        return 1;
    }

    private static int convs(Node n) {
        if (n instanceof Residual r) {
            return r.body().stream().mapToInt(OnnxRuntimeDense::convs).sum();
        }
        return n instanceof ConvLayer ? 1 : 0;
    }

    @Override
    public void close() {
        whole.close();
        wholeFromChw.close();
        if (tail != null) {
            tail.close();
        }
    }
}
