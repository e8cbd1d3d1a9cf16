package dev.saccade.operators.clip;

import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameSummary;
import java.util.Comparator;
import java.util.List;

/** Turns buffered frame summaries into a clip, ordered by sequence so slightly reordered input is harmless. */
public final class ClipBuilder {
    private ClipBuilder() {}

    /** Names the differencing grid a clip's changed tiles lie on (the working frame and its tiles). */
    public static void tileGrid(Clip clip, int width, int height, int tileSize) {
        clip.tileGridWidth = width;
        clip.tileGridHeight = height;
        clip.tileSize = tileSize;
        clip.tileColumns = (width + tileSize - 1) / tileSize;
        clip.tileRows = (height + tileSize - 1) / tileSize;
    }

    public static Clip build(String streamId, List<FrameSummary> frames, boolean partial) {
        return build(streamId, frames, partial, null, 0, 0);
    }

    /**
     * As {@link #build(String, List, boolean)}, also carrying the frames the models read when the summaries hold them:
     * {@code lead} (the frame before the clip; the clip's first frame again when null) and then each frame.
     */
    public static Clip build(
            String streamId, List<FrameSummary> frames, boolean partial, byte[] lead, int width, int height) {
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
        clip.sourceFirstFrame = frames.get(0).sourceFrame;
        clip.sourceLastFrame = frames.get(n - 1).sourceFrame;
        if (frames.get(0).changedTiles != null) {
            clip.changedTiles = new byte[n][];
            for (int i = 0; i < n; i++) {
                clip.changedTiles[i] = frames.get(i).changedTiles;
            }
        }
        if (frames.get(0).modelFrame != null) {
            clip.frames = new byte[n + 1][];
            clip.frames[0] = lead != null ? lead : frames.get(0).modelFrame;
            for (int i = 0; i < n; i++) {
                clip.frames[i + 1] = frames.get(i).modelFrame;
            }
            clip.frameWidth = width;
            clip.frameHeight = height;
            if (frames.get(0).encodedFrame != null) {
                clip.encodedFrames = new byte[n + 1][];
                clip.encodings = new String[n + 1];
                for (int i = 0; i < n; i++) {
                    clip.encodedFrames[i + 1] = frames.get(i).encodedFrame;
                    clip.encodings[i + 1] = frames.get(i).encoding;
                }
            }
        }
        return clip;
    }
}
