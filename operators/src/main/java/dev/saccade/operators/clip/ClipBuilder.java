package dev.saccade.operators.clip;

import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameSummary;
import java.util.Comparator;
import java.util.List;

/** Turns buffered frame summaries into a clip, ordered by sequence so slightly reordered input is harmless. */
public final class ClipBuilder {
  private ClipBuilder() {}

  public static Clip build(String streamId, List<FrameSummary> frames, boolean partial) {
    frames.sort(Comparator.comparingLong(f -> f.sequence));
    int n = frames.size();
    Clip clip = new Clip();
    clip.streamId = streamId;
    clip.partial = partial;
    clip.sequences = new long[n];
    clip.changedFractions = new double[n];
    clip.firstFrames = new boolean[n];
    long firstCapture = Long.MAX_VALUE;
    long lastCapture = Long.MIN_VALUE;
    long lastArrival = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      FrameSummary f = frames.get(i);
      clip.sequences[i] = f.sequence;
      clip.changedFractions[i] = f.changedFraction;
      clip.firstFrames[i] = f.firstFrame;
      firstCapture = Math.min(firstCapture, f.captureTimeMs);
      lastCapture = Math.max(lastCapture, f.captureTimeMs);
      lastArrival = Math.max(lastArrival, f.arrivalMs);
    }
    clip.firstSequence = clip.sequences[0];
    clip.lastSequence = clip.sequences[n - 1];
    clip.firstCaptureTimeMs = firstCapture;
    clip.lastCaptureTimeMs = lastCapture;
    clip.lastArrivalMs = lastArrival;
    clip.clipId = Clip.clipId(streamId, clip.firstSequence);
    return clip;
  }
}
