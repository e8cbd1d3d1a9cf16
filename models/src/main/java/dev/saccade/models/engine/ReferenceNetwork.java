package dev.saccade.models.engine;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.List;

/** A folded encoder run in float64 (CHW, one image): the reference that float32 encoders are held to. */
public final class ReferenceNetwork {
    private ReferenceNetwork() {}

    /** A CHW map. */
    public record Map(double[] values, int channels, int height, int width) {}

    public static Map forward(FoldedEncoder encoder, Map x) {
        return run(encoder.nodes(), x);
    }

    /**
     * The float32 error budget of a folded encoder's output, relative to its largest value: u times the summed lengths
     * of every layer's dot products (as if the whole network were one dot product of that length, each rounding error
     * carried to the output unamplified). Correct float32 kernels stay orders of magnitude inside it.
     */
    public static double tolerance(FoldedEncoder encoder, int inChannels) {
        long terms = 0;
        int c = inChannels;
        for (ConvLayer l : encoder.convLayers()) {
            terms += (long) (c / l.groups()) * l.kernel() * l.kernel() + 1;
            c = l.outChannels();
        }
        return ReferenceOps.gamma((int) Math.min(terms, 1 << 20));
    }

    private static Map run(List<Node> nodes, Map x) {
        for (Node n : nodes) {
            if (n instanceof ConvLayer c) {
                x = activate(conv(c, x), c.act());
            } else if (n instanceof Residual r) {
                Map body = run(r.body(), x);
                double[] sum = new double[body.values().length];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = body.values()[i] + x.values()[i];
                }
                x = activate(new Map(sum, body.channels(), body.height(), body.width()), r.act());
            }
        }
        return x;
    }

    private static Map conv(ConvLayer c, Map x) {
        int k = c.kernel();
        int s = c.stride();
        int p = c.padding();
        int out = c.outChannels();
        int oh = (x.height() + 2 * p - k) / s + 1;
        int ow = (x.width() + 2 * p - k) / s + 1;
        int cin = x.channels() / c.groups();
        int perGroup = out / c.groups();
        double[] y = new double[out * oh * ow];
        float[] w = c.weight();
        for (int o = 0; o < out; o++) {
            int g = o / perGroup;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = c.bias()[o];
                    for (int ci = 0; ci < cin; ci++) {
                        int ch = g * cin + ci;
                        for (int ky = 0; ky < k; ky++) {
                            int iy = oy * s - p + ky;
                            if (iy < 0 || iy >= x.height()) {
                                continue;
                            }
                            for (int kx = 0; kx < k; kx++) {
                                int ix = ox * s - p + kx;
                                if (ix >= 0 && ix < x.width()) {
                                    sum += (double) w[((o * cin + ci) * k + ky) * k + kx]
                                            * x.values()[(ch * x.height() + iy) * x.width() + ix];
                                }
                            }
                        }
                    }
                    y[(o * oh + oy) * ow + ox] = sum;
                }
            }
        }
        return new Map(y, out, oh, ow);
    }

    private static Map activate(Map x, Act act) {
        if (act == Act.NONE) {
            return x;
        }
        double[] v = x.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = act == Act.RELU ? Math.max(0, v[i]) : Math.min(6, Math.max(0, v[i]));
        }
        return new Map(v, x.channels(), x.height(), x.width());
    }
}
