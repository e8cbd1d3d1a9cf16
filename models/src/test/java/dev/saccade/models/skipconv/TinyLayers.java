package dev.saccade.models.skipconv;

import ai.djl.ndarray.types.Shape;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import java.util.Random;

/** Hand-made folded conv layers with seeded weights, for tests that need no engine. */
final class TinyLayers {
    private TinyLayers() {}

    static ConvLayer conv(int in, int out, int k, int stride, int pad, int groups, Act act, long seed) {
        Random r = new Random(seed);
        float[] w = new float[out * (in / groups) * k * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() - 0.5f;
        }
        float[] b = new float[out];
        for (int i = 0; i < out; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        return new ConvLayer(w, new Shape(out, in / groups, k, k), b, stride, pad, groups, act);
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }

    /** A direct HWC convolution, one output at a time: what the kernels must reproduce. */
    static float[] reference(ConvLayer c, float[] in, int h, int w, int inC) {
        int k = c.kernel();
        int outC = c.outChannels();
        int perGroupIn = inC / c.groups();
        int perGroupOut = outC / c.groups();
        int outH = (h + 2 * c.padding() - k) / c.stride() + 1;
        int outW = (w + 2 * c.padding() - k) / c.stride() + 1;
        float[] out = new float[outH * outW * outC];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int o = 0; o < outC; o++) {
                    int g = o / perGroupOut;
                    double sum = c.bias()[o];
                    for (int i = 0; i < perGroupIn; i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * c.stride() - c.padding() + ky;
                                int ix = ox * c.stride() - c.padding() + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    float x = in[(iy * w + ix) * inC + g * perGroupIn + i];
                                    sum += x * c.weight()[((o * perGroupIn + i) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                    float v = (float) sum;
                    if (c.act() == Act.RELU) {
                        v = Math.max(v, 0f);
                    } else if (c.act() == Act.RELU6) {
                        v = Math.min(Math.max(v, 0f), 6f);
                    }
                    out[(oy * outW + ox) * outC + o] = v;
                }
            }
        }
        return out;
    }
}
