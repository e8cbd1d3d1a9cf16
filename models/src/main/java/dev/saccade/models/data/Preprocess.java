package dev.saccade.models.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.GlanceModel;
import java.util.List;

/**
 * Turns BGR frames into network inputs, the same way in training, evaluation and the pipeline: pixels scaled to
 * [-0.5, 0.5], NCHW, each resolution derived once from the full frame.
 */
public final class Preprocess {
  private Preprocess() {}

  /** Stacks frames of equal size into (F, H, W, 3) uint8. */
  public static NDArray stack(NDManager m, List<byte[]> frames, int width, int height) {
    byte[] all = new byte[frames.size() * width * height * 3];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    return m.create(java.nio.ByteBuffer.wrap(all), new Shape(frames.size(), height, width, 3), DataType.UINT8);
  }

  /** (F, H, W, 3) uint8 to (F, 3, h, w) float in [-0.5, 0.5]. */
  public static NDArray resized(NDArray hwc, int width, int height) {
    NDArray f = hwc.toType(DataType.FLOAT32, false);
    NDArray r = NDImageUtils.resize(f, width, height, Image.Interpolation.AREA);
    return r.transpose(0, 3, 1, 2).div(255f).sub(0.5f);
  }

  /**
   * Glance input from clips of T+1 frames each (the frame before the clip first): (N*T, 4, 72, 96), colour plus the
   * absolute grey difference with the previous frame, the frame-differencing signal at glance resolution.
   */
  public static NDArray glance(NDArray fullHwc, int clips, int t) {
    return withDifference(fullHwc, clips, t, GlanceModel.WIDTH, GlanceModel.HEIGHT);
  }

  /** Dense-baseline input, the same four channels at f_L's full-frame size: (N*T, 4, 120, 160). */
  public static NDArray dense(NDArray fullHwc, int clips, int t) {
    return withDifference(fullHwc, clips, t, DenseModel.WIDTH, DenseModel.HEIGHT);
  }

  private static NDArray withDifference(NDArray fullHwc, int clips, int t, int width, int height) {
    NDArray small = resized(fullHwc, width, height).reshape(clips, t + 1, 3, height, width);
    NDArray grey = small.mean(new int[] {2}, true);
    NDArray diff = grey.get(new NDIndex(":, 1:")).sub(grey.get(new NDIndex(":, :-1"))).abs().mul(4f);
    NDArray colour = small.get(new NDIndex(":, 1:"));
    return colour.concat(diff, 2).reshape(clips * t, 4, height, width);
  }

  /** A square full-resolution patch of side size centred near (cx, cy), kept inside the frame, as (1, 3, 64, 64). */
  public static NDArray patch(NDArray frameHwc, PatchBox box) {
    NDArray crop = frameHwc.get(new NDIndex("{}:{}, {}:{}, :", box.y(), box.y() + box.size(), box.x(),
        box.x() + box.size())).expandDims(0);
    return resized(crop, FocusModel.PATCH, FocusModel.PATCH);
  }
}
