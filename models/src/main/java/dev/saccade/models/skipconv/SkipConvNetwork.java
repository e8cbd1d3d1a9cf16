package dev.saccade.models.skipconv;

import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Act;
import dev.saccade.models.net.FoldedEncoder.ConvLayer;
import dev.saccade.models.net.FoldedEncoder.Node;
import dev.saccade.models.net.FoldedEncoder.Residual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A folded encoder compiled for skip-convolutions at one input size (HWC float maps). Each conv layer gates its input
 * against its reference x_ref per position (mean |x - x_ref| over channels against epsilon times the layer's mean
 * |input| on the stream's first frame), copies opened positions into x_ref, and recomputes only the outputs whose
 * window touches an opened position, from x_ref: the cached output is always exactly the layer applied to x_ref, so
 * nothing drifts. Only positions the previous layer changed are gated (elsewhere the residual is what it was when last
 * gated). Gate, index building and gather are one pass per layer; the arithmetic is one GEMM per layer on the gathered
 * rows (pointwise and full convs) or a direct loop (depthwise).
 *
 * <p>Weights are shared; per-stream state lives in {@link SkipConvState}. One instance serves one thread.
 */
public final class SkipConvNetwork implements AutoCloseable {
  private enum Kind { POINTWISE, DEPTHWISE, FULL }

  private static final class Conv {
    int index;
    int inBuf;
    int outBuf;
    int inH;
    int inW;
    int inC;
    int outH;
    int outW;
    int outC;
    int k;
    int stride;
    int pad;
    Kind kind;
    Act act;
    float[] wt;
    Object prepared;
    float[] bias;
    /** Per input channel, how much a unit change moves an output on average: the gate weighs residuals by it. */
    float[] gain;
    int rowLength;
    long macsPerOutput;
    float epsilon;
  }

  private static final class Add {
    int aBuf;
    int bBuf;
    int outBuf;
    int channels;
    Act act;
  }

  private final SkipConvSettings settings;
  private final RowGemm gemm;
  private final List<Object> ops = new ArrayList<>();
  private final List<Conv> convs = new ArrayList<>();
  private final List<int[]> bufferShapes = new ArrayList<>(); // {H, W, C}; buffer 0 is the network input
  // workspace for the frame being run (single-threaded)
  private int[][] changed;
  private int[] changedCount;
  private boolean[] changedAll;
  private int[][] stamps;
  private int run;
  private float[] gathered = new float[0];
  private float[] product = new float[0];
  private final SkipConvFrameStats stats;
  private SkipConvState denseScratch;

  public SkipConvNetwork(FoldedEncoder encoder, int height, int width, int channels, SkipConvSettings settings) {
    this.settings = settings;
    this.gemm = settings.kernel().create();
    bufferShapes.add(new int[] {height, width, channels});
    int last = compile(encoder.nodes(), 0);
    if (last != bufferShapes.size() - 1) {
      throw new IllegalStateException("the last op must write the last buffer");
    }
    int layers = convs.size();
    for (Conv c : convs) {
      c.epsilon = settings.epsilonAt(c.index, layers);
    }
    int buffers = bufferShapes.size();
    changed = new int[buffers][];
    changedCount = new int[buffers];
    changedAll = new boolean[buffers];
    stamps = new int[buffers][];
    for (int b = 0; b < buffers; b++) {
      int positions = positions(b);
      changed[b] = new int[positions];
      stamps[b] = new int[positions];
    }
    stats = new SkipConvFrameStats(layers);
  }

  private int compile(List<Node> nodes, int in) {
    for (Node n : nodes) {
      if (n instanceof ConvLayer layer) {
        in = addConv(layer, in);
      } else if (n instanceof Residual r) {
        int body = compile(r.body(), in);
        int[] s = bufferShapes.get(body);
        if (!Arrays.equals(s, bufferShapes.get(in))) {
          throw new IllegalArgumentException("residual body changes the shape");
        }
        Add add = new Add();
        add.aBuf = in;
        add.bBuf = body;
        add.outBuf = newBuffer(s[0], s[1], s[2]);
        add.channels = s[2];
        add.act = r.act();
        ops.add(add);
        in = add.outBuf;
      }
    }
    return in;
  }

  private int addConv(ConvLayer layer, int in) {
    int[] s = bufferShapes.get(in);
    Conv c = new Conv();
    c.index = convs.size();
    c.inBuf = in;
    c.inH = s[0];
    c.inW = s[1];
    c.inC = s[2];
    c.k = layer.kernel();
    c.stride = layer.stride();
    c.pad = layer.padding();
    c.outC = layer.outChannels();
    c.outH = (c.inH + 2 * c.pad - c.k) / c.stride + 1;
    c.outW = (c.inW + 2 * c.pad - c.k) / c.stride + 1;
    c.act = layer.act();
    c.bias = layer.bias();
    float[] w = layer.weight(); // (out, in/groups, k, k)
    int perOut = (int) (layer.weightShape().get(1) * c.k * c.k);
    if (layer.groups() == 1 && c.k == 1 && c.stride == 1 && c.pad == 0) {
      c.kind = Kind.POINTWISE;
      c.rowLength = c.inC;
      c.wt = new float[c.inC * c.outC];
      for (int o = 0; o < c.outC; o++) {
        for (int i = 0; i < c.inC; i++) {
          c.wt[i * c.outC + o] = w[o * c.inC + i];
        }
      }
    } else if (layer.groups() == 1) {
      c.kind = Kind.FULL;
      c.rowLength = c.k * c.k * c.inC;
      c.wt = new float[c.rowLength * c.outC];
      for (int o = 0; o < c.outC; o++) {
        for (int i = 0; i < c.inC; i++) {
          for (int ky = 0; ky < c.k; ky++) {
            for (int kx = 0; kx < c.k; kx++) {
              int row = (ky * c.k + kx) * c.inC + i;
              c.wt[row * c.outC + o] = w[((o * c.inC + i) * c.k + ky) * c.k + kx];
            }
          }
        }
      }
    } else if (layer.groups() == c.inC && c.outC == c.inC) {
      c.kind = Kind.DEPTHWISE;
      c.wt = new float[c.k * c.k * c.inC];
      for (int ch = 0; ch < c.inC; ch++) {
        for (int t = 0; t < c.k * c.k; t++) {
          c.wt[t * c.inC + ch] = w[ch * c.k * c.k + t];
        }
      }
    } else {
      throw new IllegalArgumentException("unsupported conv: groups " + layer.groups() + ", " + c.inC + "->" + c.outC);
    }
    if (c.kind != Kind.DEPTHWISE) {
      c.prepared = gemm.prepare(c.wt, c.rowLength, c.outC);
    }
    c.gain = channelGain(c, w, layer.groups());
    c.macsPerOutput = (long) perOut * c.outC;
    c.outBuf = newBuffer(c.outH, c.outW, c.outC);
    convs.add(c);
    ops.add(c);
    return c.outBuf;
  }

  /** Mean over outputs of the summed |w| that connect input channel i to one output. */
  private static float[] channelGain(Conv c, float[] w, int groups) {
    float[] gain = new float[c.inC];
    int taps = c.k * c.k;
    if (groups == 1) {
      for (int o = 0; o < c.outC; o++) {
        for (int i = 0; i < c.inC; i++) {
          for (int t = 0; t < taps; t++) {
            gain[i] += Math.abs(w[(o * c.inC + i) * taps + t]);
          }
        }
      }
      for (int i = 0; i < c.inC; i++) {
        gain[i] /= c.outC;
      }
    } else {
      for (int i = 0; i < c.inC; i++) {
        for (int t = 0; t < taps; t++) {
          gain[i] += Math.abs(w[i * taps + t]);
        }
      }
    }
    return gain;
  }

  private int newBuffer(int h, int w, int c) {
    bufferShapes.add(new int[] {h, w, c});
    return bufferShapes.size() - 1;
  }

  private int positions(int buffer) {
    int[] s = bufferShapes.get(buffer);
    return s[0] * s[1];
  }

  /** A fresh per-stream cache for this network. */
  public SkipConvState newState() {
    int[] refSizes = new int[convs.size()];
    for (Conv c : convs) {
      refSizes[c.index] = c.inH * c.inW * c.inC;
    }
    int[] outSizes = new int[bufferShapes.size() - 1];
    for (int b = 1; b < bufferShapes.size(); b++) {
      int[] s = bufferShapes.get(b);
      outSizes[b - 1] = s[0] * s[1] * s[2];
    }
    return new SkipConvState(refSizes, outSizes);
  }

  /** Heap bytes of one stream's cache: every layer's reference input and every node's output. */
  public long stateBytes() {
    long floats = convs.size();
    for (Conv c : convs) {
      floats += (long) c.inH * c.inW * c.inC;
    }
    for (int b = 1; b < bufferShapes.size(); b++) {
      int[] s = bufferShapes.get(b);
      floats += (long) s[0] * s[1] * s[2];
    }
    return floats * Float.BYTES;
  }

  public int convLayers() {
    return convs.size();
  }

  /** Output map shape {H, W, C}. */
  public int[] outputShape() {
    return bufferShapes.get(bufferShapes.size() - 1).clone();
  }

  /** Output positions of conv layer {@code i}. */
  public int layerOutputPositions(int i) {
    return convs.get(i).outH * convs.get(i).outW;
  }

  /** Input positions of conv layer {@code i}. */
  public int layerInputPositions(int i) {
    return convs.get(i).inH * convs.get(i).inW;
  }

  /** MACs of one dense pass. */
  public long denseMacs() {
    long m = 0;
    for (Conv c : convs) {
      m += c.macsPerOutput * c.outH * c.outW;
    }
    return m;
  }

  /** Stats of the last {@link #run}; overwritten by the next. */
  public SkipConvFrameStats lastStats() {
    return stats;
  }

  /**
   * Runs one frame (HWC, the size this network was compiled for) through the stream's cache and returns the output
   * map, HWC, owned by the state (valid until its next frame). {@code frameUnchanged} is the differencing stage's
   * verdict that no tile changed: the previous output is reused as it is.
   */
  public float[] run(SkipConvState state, float[] input, boolean frameUnchanged) {
    stats.clear();
    int lastBuf = bufferShapes.size() - 1;
    if (frameUnchanged && !state.fresh) {
      stats.reused = true;
      stats.denseMacs = denseMacs();
      state.frames++;
      return state.outputs[lastBuf - 1];
    }
    run++;
    if (run == Integer.MAX_VALUE) {
      run = 1;
      for (int[] s : stamps) {
        Arrays.fill(s, 0);
      }
    }
    changedAll[0] = true;
    changedCount[0] = positions(0);
    boolean fresh = state.fresh;
    for (Object op : ops) {
      if (op instanceof Conv c) {
        runConv(c, state, buffer(state, input, c.inBuf), fresh);
      } else {
        runAdd((Add) op, state, input);
      }
    }
    state.fresh = false;
    state.frames++;
    return state.outputs[lastBuf - 1];
  }

  /** A dense pass with the same kernels (every position computed), for comparison; returns a fresh array. */
  public float[] dense(float[] input) {
    if (denseScratch == null) {
      denseScratch = newState();
    }
    denseScratch.reset();
    return run(denseScratch, input, false).clone();
  }

  private static float[] buffer(SkipConvState state, float[] input, int b) {
    return b == 0 ? input : state.outputs[b - 1];
  }

  private void runConv(Conv c, SkipConvState state, float[] in, boolean fresh) {
    float[] ref = state.refs[c.index];
    float[] out = state.outputs[c.outBuf - 1];
    int inPositions = c.inH * c.inW;
    int outPositions = c.outH * c.outW;
    int[] outList = changed[c.outBuf];
    int count = 0;
    boolean all;
    if (fresh) {
      System.arraycopy(in, 0, ref, 0, ref.length);
      stats.opened[c.index] = inPositions;
      all = true;
    } else {
      float threshold = c.epsilon * state.scales[c.index];
      boolean inAll = changedAll[c.inBuf];
      int inCount = inAll ? inPositions : changedCount[c.inBuf];
      int[] inList = changed[c.inBuf];
      int[] stamp = stamps[c.outBuf];
      int stampValue = run;
      int opened = 0;
      int inC = c.inC;
      float[] gain = c.gain;
      for (int i = 0; i < inCount; i++) {
        int p = inAll ? i : inList[i];
        int o = p * inC;
        float d = 0f;
        for (int ch = 0; ch < inC; ch++) {
          d += Math.abs(in[o + ch] - ref[o + ch]) * gain[ch];
        }
        if (d > threshold) {
          System.arraycopy(in, o, ref, o, inC);
          opened++;
          if (c.kind == Kind.POINTWISE) {
            outList[count++] = p;
          } else {
            count = markWindow(c, p, stamp, stampValue, outList, count);
          }
        }
      }
      stats.opened[c.index] = opened;
      all = count > settings.denseFallback() * outPositions;
    }
    if (all) {
      stats.denseFallback[c.index] = !fresh;
      computeAll(c, ref, out);
      if (fresh) {
        double sum = 0;
        for (float v : out) {
          sum += Math.abs(v);
        }
        state.scales[c.index] = (float) Math.max(1e-6, sum / out.length);
      }
      changedAll[c.outBuf] = true;
      changedCount[c.outBuf] = outPositions;
      count = outPositions;
    } else {
      if (count > 0) {
        computeRows(c, ref, out, outList, count);
      }
      changedAll[c.outBuf] = false;
      changedCount[c.outBuf] = count;
    }
    stats.computed[c.index] = count;
    stats.macs += c.macsPerOutput * count;
    stats.denseMacs += c.macsPerOutput * outPositions;
  }

  /** Adds every output whose KxK window covers input position p (once per frame, by stamp). */
  private static int markWindow(Conv c, int p, int[] stamp, int stampValue, int[] outList, int count) {
    int py = p / c.inW;
    int px = p - py * c.inW;
    int oy0 = Math.max(0, ceilDiv(py + c.pad - c.k + 1, c.stride));
    int oy1 = Math.min(c.outH - 1, Math.floorDiv(py + c.pad, c.stride));
    int ox0 = Math.max(0, ceilDiv(px + c.pad - c.k + 1, c.stride));
    int ox1 = Math.min(c.outW - 1, Math.floorDiv(px + c.pad, c.stride));
    for (int oy = oy0; oy <= oy1; oy++) {
      int row = oy * c.outW;
      for (int ox = ox0; ox <= ox1; ox++) {
        int o = row + ox;
        if (stamp[o] != stampValue) {
          stamp[o] = stampValue;
          outList[count++] = o;
        }
      }
    }
    return count;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  private void computeAll(Conv c, float[] ref, float[] out) {
    int outPositions = c.outH * c.outW;
    switch (c.kind) {
      case POINTWISE -> {
        gemm.multiply(ref, outPositions, c.inC, c.prepared, c.outC, out);
        biasAndActivate(c, out, 0, outPositions);
      }
      case FULL -> {
        float[] rows = gatherBuffer(outPositions * c.rowLength);
        for (int o = 0; o < outPositions; o++) {
          im2col(c, ref, o, rows, o * c.rowLength);
        }
        gemm.multiply(rows, outPositions, c.rowLength, c.prepared, c.outC, out);
        biasAndActivate(c, out, 0, outPositions);
      }
      case DEPTHWISE -> {
        for (int o = 0; o < outPositions; o++) {
          depthwise(c, ref, o, out);
        }
      }
    }
  }

  private void computeRows(Conv c, float[] ref, float[] out, int[] list, int n) {
    switch (c.kind) {
      case POINTWISE -> {
        int inC = c.inC;
        float[] rows = gatherBuffer(n * inC);
        for (int i = 0; i < n; i++) {
          System.arraycopy(ref, list[i] * inC, rows, i * inC, inC);
        }
        multiplyAndScatter(c, rows, out, list, n);
      }
      case FULL -> {
        float[] rows = gatherBuffer(n * c.rowLength);
        for (int i = 0; i < n; i++) {
          im2col(c, ref, list[i], rows, i * c.rowLength);
        }
        multiplyAndScatter(c, rows, out, list, n);
      }
      case DEPTHWISE -> {
        for (int i = 0; i < n; i++) {
          depthwise(c, ref, list[i], out);
        }
      }
    }
  }

  private void multiplyAndScatter(Conv c, float[] rows, float[] out, int[] list, int n) {
    int m = c.outC;
    if (product.length < n * m) {
      product = new float[Math.max(n * m, product.length * 2)];
    }
    gemm.multiply(rows, n, c.rowLength, c.prepared, m, product);
    float[] bias = c.bias;
    for (int i = 0; i < n; i++) {
      int src = i * m;
      int dst = list[i] * m;
      for (int j = 0; j < m; j++) {
        out[dst + j] = product[src + j] + bias[j];
      }
      activate(out, dst, m, c.act);
    }
  }

  private static void biasAndActivate(Conv c, float[] out, int from, int to) {
    int m = c.outC;
    float[] bias = c.bias;
    for (int o = from; o < to; o++) {
      int base = o * m;
      for (int j = 0; j < m; j++) {
        out[base + j] += bias[j];
      }
    }
    activate(out, from * m, (to - from) * m, c.act);
  }

  /** The activation over a run of values; one loop per kind so the JIT vectorises each. */
  private static void activate(float[] v, int from, int length, Act act) {
    int end = from + length;
    switch (act) {
      case NONE -> { }
      case RELU -> {
        for (int i = from; i < end; i++) {
          v[i] = Math.max(v[i], 0f);
        }
      }
      case RELU6 -> {
        for (int i = from; i < end; i++) {
          v[i] = Math.min(Math.max(v[i], 0f), 6f);
        }
      }
    }
  }

  private float[] gatherBuffer(int size) {
    if (gathered.length < size) {
      gathered = new float[Math.max(size, gathered.length * 2)];
    }
    return gathered;
  }

  /** The KxK window of output o as one row (tap-major, channels contiguous), zeros outside the map. */
  private static void im2col(Conv c, float[] ref, int o, float[] rows, int at) {
    int oy = o / c.outW;
    int ox = o - oy * c.outW;
    int inC = c.inC;
    for (int ky = 0; ky < c.k; ky++) {
      int iy = oy * c.stride - c.pad + ky;
      for (int kx = 0; kx < c.k; kx++) {
        int ix = ox * c.stride - c.pad + kx;
        int dst = at + (ky * c.k + kx) * inC;
        if (iy < 0 || iy >= c.inH || ix < 0 || ix >= c.inW) {
          Arrays.fill(rows, dst, dst + inC, 0f);
        } else {
          System.arraycopy(ref, (iy * c.inW + ix) * inC, rows, dst, inC);
        }
      }
    }
  }

  private void depthwise(Conv c, float[] ref, int o, float[] out) {
    int ch = c.inC;
    int oy = o / c.outW;
    int ox = o - oy * c.outW;
    float[] w = c.wt;
    int dst = o * ch;
    System.arraycopy(c.bias, 0, out, dst, ch);
    int y0 = oy * c.stride - c.pad;
    int x0 = ox * c.stride - c.pad;
    for (int ky = 0; ky < c.k; ky++) {
      int iy = y0 + ky;
      if (iy < 0 || iy >= c.inH) {
        continue;
      }
      for (int kx = 0; kx < c.k; kx++) {
        int ix = x0 + kx;
        if (ix < 0 || ix >= c.inW) {
          continue;
        }
        int src = (iy * c.inW + ix) * ch;
        int wb = (ky * c.k + kx) * ch;
        for (int j = 0; j < ch; j++) {
          out[dst + j] += ref[src + j] * w[wb + j];
        }
      }
    }
    activate(out, dst, ch, c.act);
  }

  private void runAdd(Add a, SkipConvState state, float[] input) {
    float[] x = buffer(state, input, a.aBuf);
    float[] body = buffer(state, input, a.bBuf);
    float[] out = state.outputs[a.outBuf - 1];
    int positions = positions(a.outBuf);
    int ch = a.channels;
    if (changedAll[a.aBuf] || changedAll[a.bBuf]) {
      for (int i = 0; i < positions * ch; i++) {
        out[i] = x[i] + body[i];
      }
      activate(out, 0, positions * ch, a.act);
      changedAll[a.outBuf] = true;
      changedCount[a.outBuf] = positions;
      return;
    }
    int[] list = changed[a.outBuf];
    int[] stamp = stamps[a.outBuf];
    int count = 0;
    for (int src = 0; src < 2; src++) {
      int b = src == 0 ? a.aBuf : a.bBuf;
      int[] from = changed[b];
      for (int i = 0; i < changedCount[b]; i++) {
        int p = from[i];
        if (stamp[p] != run) {
          stamp[p] = run;
          list[count++] = p;
          int base = p * ch;
          for (int j = 0; j < ch; j++) {
            out[base + j] = x[base + j] + body[base + j];
          }
          activate(out, base, ch, a.act);
        }
      }
    }
    changedAll[a.outBuf] = false;
    changedCount[a.outBuf] = count;
  }

  @Override
  public void close() {
    gemm.close();
  }
}
