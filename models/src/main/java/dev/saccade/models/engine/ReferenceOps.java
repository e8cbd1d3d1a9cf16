package dev.saccade.models.engine;

/**
 * Float64 reference implementations of the ops Saccade's networks use, in plain loops, with each output's worst-case
 * float32 rounding bound: what {@link OpAudit} holds the engine's float32 kernels to.
 *
 * <p>The bound of a float32 sum of {@code k} products, in any order and with or without FMA, is
 * {@code gamma(k) * sum |terms|} with {@code gamma(k) = k u / (1 - k u)}, {@code u = 2^-24} (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., eq. 3.5); plus {@code u |y|} for rounding the result to float32.
 */
public final class ReferenceOps {
    /** Unit roundoff of float32. */
    public static final double U32 = Math.pow(2, -24);

    private ReferenceOps() {}

    /** gamma(k): the relative bound of a float32 sum of k terms. */
    public static double gamma(int k) {
        return k * U32 / (1 - k * U32);
    }

    /** A reference result: values and, per value, the largest error a correct float32 kernel may make. */
    public record Result(double[] values, double[] bound) {}

    /**
     * 2-D convolution, NCHW, weight (out, in/groups, k, k), square stride and padding, no dilation; bias may be null.
     */
    public static Result conv2d(
            float[] x,
            int n,
            int c,
            int h,
            int w,
            float[] weight,
            int out,
            int k,
            float[] bias,
            int stride,
            int pad,
            int groups) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        int cin = c / groups;
        int outPerGroup = out / groups;
        double[] y = new double[n * out * oh * ow];
        double[] b = new double[y.length];
        int terms = cin * k * k + (bias == null ? 0 : 1);
        double g = gamma(terms);
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < out; o++) {
                int grp = o / outPerGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        double abs = Math.abs(s);
                        for (int ci = 0; ci < cin; ci++) {
                            int ch = grp * cin + ci;
                            for (int ky = 0; ky < k; ky++) {
                                int iy = oy * stride - pad + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < k; kx++) {
                                    int ix = ox * stride - pad + kx;
                                    if (ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    double p = (double) weight[((o * cin + ci) * k + ky) * k + kx]
                                            * x[((ni * c + ch) * h + iy) * w + ix];
                                    s += p;
                                    abs += Math.abs(p);
                                }
                            }
                        }
                        int i = ((ni * out + o) * oh + oy) * ow + ox;
                        y[i] = s;
                        b[i] = g * abs + U32 * Math.abs(s);
                    }
                }
            }
        }
        return new Result(y, b);
    }

    /** 1-D convolution, NCW, weight (out, in, k), padding pad, stride 1, with bias. */
    public static Result conv1d(
            float[] x, int n, int c, int len, float[] weight, int out, int k, float[] bias, int pad) {
        Result r = conv2d(x, n, c, 1, len, widen(weight, out * c, k), out, k, bias, 1, pad, 1);
        // conv2d padded the height too: keep the middle row of the (1 + 2 pad - k + 1) rows, which is row 0 when k = 3
        int ol = len + 2 * pad - k + 1;
        int rows = r.values().length / (n * out * ol);
        double[] v = new double[n * out * ol];
        double[] bd = new double[v.length];
        int row = rows / 2;
        for (int i = 0; i < n * out; i++) {
            System.arraycopy(r.values(), (i * rows + row) * ol, v, i * ol, ol);
            System.arraycopy(r.bound(), (i * rows + row) * ol, bd, i * ol, ol);
        }
        return new Result(v, bd);
    }

    /** A (rows, k) 1-D kernel as a (rows, k, k) 2-D kernel that is zero but for its middle row. */
    private static float[] widen(float[] weight, int rows, int k) {
        float[] w2 = new float[rows * k * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(weight, r * k, w2, (r * k + k / 2) * k, k);
        }
        return w2;
    }

    /** y = x W^T + b, x (n, in), weight (out, in). */
    public static Result linear(float[] x, int n, int in, float[] weight, int out, float[] bias) {
        double[] y = new double[n * out];
        double[] b = new double[y.length];
        double g = gamma(in + 1);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                double abs = Math.abs(s);
                for (int j = 0; j < in; j++) {
                    double p = (double) weight[o * in + j] * x[i * in + j];
                    s += p;
                    abs += Math.abs(p);
                }
                y[i * out + o] = s;
                b[i * out + o] = g * abs + U32 * Math.abs(s);
            }
        }
        return new Result(y, b);
    }

    /** Average pooling with a square window equal to its stride, no padding. */
    public static Result avgPool(float[] x, int n, int c, int h, int w, int k) {
        int oh = h / k;
        int ow = w / k;
        double[] y = new double[n * c * oh * ow];
        double[] b = new double[y.length];
        double g = gamma(k * k + 1);
        for (int i = 0; i < n * c; i++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double s = 0;
                    double abs = 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            double v = x[(i * h + oy * k + ky) * w + ox * k + kx];
                            s += v;
                            abs += Math.abs(v);
                        }
                    }
                    int o = (i * oh + oy) * ow + ox;
                    y[o] = s / (k * k);
                    b[o] = g * abs / (k * k) + U32 * Math.abs(y[o]);
                }
            }
        }
        return new Result(y, b);
    }

    /** Mean over the last two axes of (n, c, h, w). */
    public static Result spatialMean(float[] x, int n, int c, int h, int w) {
        double[] y = new double[n * c];
        double[] b = new double[y.length];
        double g = gamma(h * w + 2);
        for (int i = 0; i < n * c; i++) {
            double s = 0;
            double abs = 0;
            for (int j = 0; j < h * w; j++) {
                s += x[i * h * w + j];
                abs += Math.abs(x[i * h * w + j]);
            }
            y[i] = s / (h * w);
            b[i] = g * abs / (h * w) + U32 * Math.abs(y[i]);
        }
        return new Result(y, b);
    }

    /**
     * Softmax over rows of (n, k). Bound: exp and the division add a few ulps each, the sum gamma(k); 8 u + gamma(k)
     * relative per output covers them with room (no cancellation: every term is positive).
     */
    public static Result softmax(float[] x, int n, int k) {
        double[] y = new double[n * k];
        double[] b = new double[y.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, x[i * k + j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(x[i * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                y[i * k + j] = Math.exp(x[i * k + j] - max) / s;
                b[i * k + j] = (8 * U32 + gamma(k)) * y[i * k + j] + Float.MIN_NORMAL;
            }
        }
        return new Result(y, b);
    }

    /** Logistic sigmoid, elementwise, with a few ulps of room for exp and the division. */
    public static Result sigmoid(float[] x) {
        double[] y = new double[x.length];
        double[] b = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1 / (1 + Math.exp(-x[i]));
            b[i] = 8 * U32 * y[i] + Float.MIN_NORMAL;
        }
        return new Result(y, b);
    }

    /** Inference batch norm over axis 1 of (n, c, h, w): (x - mean) / sqrt(var + eps) * gamma + beta. */
    public static Result batchNorm(
            float[] x, int n, int c, int hw, float[] mean, float[] var, float[] gammaP, float[] beta, double eps) {
        double[] y = new double[x.length];
        double[] b = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double scale = gammaP[ch] / Math.sqrt(var[ch] + eps);
                for (int j = 0; j < hw; j++) {
                    int idx = (i * c + ch) * hw + j;
                    double centred = x[idx] - mean[ch];
                    y[idx] = centred * scale + beta[ch];
                    // subtraction, sqrt, division, product and sum: a few ulps of each term
                    b[idx] = 8 * U32 * (Math.abs(x[idx] * scale) + Math.abs(mean[ch] * scale) + Math.abs(beta[ch]))
                            + Float.MIN_NORMAL;
                }
            }
        }
        return new Result(y, b);
    }
}
