package dev.saccade.operators.types;

/** One decoded frame's change against the previous frame of its stream, measured on a grid of tiles. */
public class FrameChange {
    public String streamId;
    public long sequence;
    public long captureTimeMs;
    /** Wall-clock millis when the frame entered the pipeline, for latency. */
    public long arrivalMs;

    public int width;
    public int height;
    public int gridCols;
    public int gridRows;
    /** One byte per tile, row-major: 1 where the tile changed. */
    public byte[] changedTiles;

    public double changedFraction;
    public double meanAbsDiff;
    /** The first frame of a stream (or after its state expired): nothing to compare against. */
    public boolean firstFrame;
    /** Almost every tile changed: a cut or camera move; later stages reset their caches here. */
    public boolean sceneCut;
    /** The frame as BGR at the models' resolution; null when no model runs downstream. */
    public byte[] modelFrame;

    /** Index of the frame in its source video (metadata source.frame), or -1 where the producer gave none. */
    public long sourceFrame = -1;

    public int modelWidth;
    public int modelHeight;

    /**
     * Where the model frame is reduced (decoded at a fraction of the size): what gives the full-size model frame of a
     * clip the focus stage looks at, in {@link #encoding} (a JPEG payload as it came, or for other encodings the
     * full-size model frame itself); null otherwise.
     */
    public byte[] encodedFrame;

    public String encoding;

    public FrameChange() {}
}
