package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A folded encoder flattened, at one input size, into the steps that run it: convs and residual adds, each reading and
 * writing numbered buffers (buffer 0 is the network's input, the last one its output).
 */
public final class LayerPlan {
    /** One step of the plan, in running order. */
    public sealed interface Step permits Conv, Add {
        /** The buffer this step writes. */
        int outBuffer();
    }

    /**
     * A conv layer between two buffers.
     *
     * @param index the conv's position among the plan's convs
     * @param gated whether the layer gates its input: not right after a pointwise or full conv, whose outputs change only
     *     where its own gate opened and by about as much, so a second gate there would only cost time
     */
    public record Conv(
            int index,
            ConvLayer layer,
            LayerKind kind,
            int inBuffer,
            int outBuffer,
            int inH,
            int inW,
            int inC,
            int outH,
            int outW,
            int outC,
            boolean gated)
            implements Step {
        public int kernel() {
            return layer.kernel();
        }

        public int stride() {
            return layer.stride();
        }

        public int padding() {
            return layer.padding();
        }

        public Act act() {
            return layer.act();
        }

        public int inPositions() {
            return inH * inW;
        }

        public int outPositions() {
            return outH * outW;
        }

        /** Per input channel, the mean summed |w| connecting it to one output: what the gates weigh residuals by. */
        public float[] channelGain() {
            float[] w = layer.weight();
            int taps = layer.kernel() * layer.kernel();
            float[] gain = new float[inC];
            if (kind == LayerKind.DEPTHWISE) {
                for (int i = 0; i < inC; i++) {
                    for (int t = 0; t < taps; t++) {
                        gain[i] += Math.abs(w[i * taps + t]);
                    }
                }
                return gain;
            }
            for (int o = 0; o < outC; o++) {
                for (int i = 0; i < inC; i++) {
                    for (int t = 0; t < taps; t++) {
                        gain[i] += Math.abs(w[(o * inC + i) * taps + t]);
                    }
                }
            }
            for (int i = 0; i < inC; i++) {
                gain[i] /= outC;
            }
            return gain;
        }

        /** Multiply-accumulates per output position. */
        public long macsPerOutput() {
            return layer.weightShape().get(1) * layer.kernel() * layer.kernel() * outC;
        }
    }

    /** A residual join: {@code act(a + b)}, both of {@code channels} channels at the same size. */
    public record Add(int aBuffer, int bBuffer, int outBuffer, int channels, Act act) implements Step {}

    private final List<Step> steps = new ArrayList<>();
    private final List<Conv> convs = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>(); // {H, W, C}
    private final List<Step> producers = new ArrayList<>(); // per buffer; null for the input

    /** Plans {@code encoder} for {@code height x width x channels} inputs. */
    public LayerPlan(FoldedEncoder encoder, int height, int width, int channels) {
        this(encoder.nodes(), height, width, channels);
    }

    /** Plans a folded encoder's nodes for {@code height x width x channels} inputs. */
    public LayerPlan(List<Node> nodes, int height, int width, int channels) {
        newBuffer(null, height, width, channels);
        int last = plan(nodes, 0);
        if (last != shapes.size() - 1) {
            throw new IllegalStateException("the last op must write the last buffer");
        }
    }

    private int plan(List<Node> nodes, int in) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer layer) {
                in = addConv(layer, in);
            } else if (n instanceof Residual r) {
                int body = plan(r.body(), in);
                int[] s = shapes.get(body);
                if (!Arrays.equals(s, shapes.get(in))) {
                    throw new IllegalArgumentException("residual body changes the shape");
                }
                Add add = new Add(in, body, shapes.size(), s[2], r.act());
                newBuffer(add, s[0], s[1], s[2]);
                steps.add(add);
                in = add.outBuffer();
            }
        }
        return in;
    }

    private int addConv(ConvLayer layer, int in) {
        int[] s = shapes.get(in);
        LayerKind kind = LayerKind.of(layer, s[2]);
        int k = layer.kernel();
        int outH = (s[0] + 2 * layer.padding() - k) / layer.stride() + 1;
        int outW = (s[1] + 2 * layer.padding() - k) / layer.stride() + 1;
        boolean gated = !(producers.get(in) instanceof Conv p && p.kind() != LayerKind.DEPTHWISE);
        Conv c = new Conv(
                convs.size(), layer, kind, in, shapes.size(), s[0], s[1], s[2], outH, outW, layer.outChannels(), gated);
        newBuffer(c, outH, outW, c.outC());
        convs.add(c);
        steps.add(c);
        return c.outBuffer();
    }

    private void newBuffer(Step producer, int h, int w, int c) {
        shapes.add(new int[] {h, w, c});
        producers.add(producer);
    }

    /** Every step in running order. */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The conv steps in running order. */
    public List<Conv> convs() {
        return Collections.unmodifiableList(convs);
    }

    /** Number of buffers, the input included. */
    public int buffers() {
        return shapes.size();
    }

    /** Shape {H, W, C} of buffer {@code b}. */
    public int[] shape(int b) {
        return shapes.get(b).clone();
    }

    /** Positions (H x W) of buffer {@code b}. */
    public int positions(int b) {
        int[] s = shapes.get(b);
        return s[0] * s[1];
    }

    /** Floats (H x W x C) of buffer {@code b}. */
    public int size(int b) {
        int[] s = shapes.get(b);
        return s[0] * s[1] * s[2];
    }

    /** The buffer holding the network's output. */
    public int outputBuffer() {
        return shapes.size() - 1;
    }

    /** MACs of one dense pass. */
    public long denseMacs() {
        long m = 0;
        for (Conv c : convs) {
            m += c.macsPerOutput() * c.outPositions();
        }
        return m;
    }
}
