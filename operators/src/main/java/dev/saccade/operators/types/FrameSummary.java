package dev.saccade.operators.types;

/** What clip assembly keeps of each frame while a clip fills up. */
public class FrameSummary {
    public long sequence;
    public long captureTimeMs;
    public long arrivalMs;
    public double changedFraction;
    public boolean firstFrame;
    /** BGR at the models' resolution; null when no model runs downstream. */
    public byte[] modelFrame;
    /** Index of the frame in its source video, or -1. */
    public long sourceFrame = -1;
    /** One byte per tile of the differencing grid, 1 where it changed (FrameChange's own array, not a copy). */
    public byte[] changedTiles;
    /** The frame's own bytes where its model frame is reduced (FrameChange's), else null. */
    public byte[] encodedFrame;

    public String encoding;

    public FrameSummary() {}

    public static FrameSummary of(FrameChange c) {
        FrameSummary s = new FrameSummary();
        s.sequence = c.sequence;
        s.captureTimeMs = c.captureTimeMs;
        s.arrivalMs = c.arrivalMs;
        s.changedFraction = c.changedFraction;
        s.firstFrame = c.firstFrame;
        s.modelFrame = c.modelFrame;
        s.sourceFrame = c.sourceFrame;
        s.changedTiles = c.changedTiles;
        s.encodedFrame = c.encodedFrame;
        s.encoding = c.encoding;
        return s;
    }
}
