package dev.saccade.operators.types;

/** A run of consecutive frames of one stream, the unit that gets classified. */
public class Clip {
    public String streamId;
    /** Unique and stable across restarts: streamId:firstSequence. */
    public String clipId;

    public long firstSequence;
    public long lastSequence;
    public long firstCaptureTimeMs;
    public long lastCaptureTimeMs;
    public long lastArrivalMs;
    /** Flushed by the quiet timeout before reaching the configured length. */
    public boolean partial;

    public long[] sequences;
    public double[] changedFractions;
    /** Per frame: no previous frame to compare with, so its change fraction says nothing. */
    public boolean[] firstFrames;
    /**
     * For the models: the frame before the clip (or its first frame again at a stream's start) then the clip's frames,
     * BGR at frameWidth x frameHeight; null when no model runs downstream.
     */
    public byte[][] frames;

    /** Indexes in the source video of the clip's first and last frames, or -1 where frames carried none. */
    public long sourceFirstFrame = -1;

    public long sourceLastFrame = -1;

    public int frameWidth;
    public int frameHeight;

    /**
     * Where {@link #frames} are reduced (decoded at a fraction of the size): per frame what gives its full-size model
     * frame ({@code FrameChange.encodedFrame}), aligned with frames (index 0, the lead frame, null), for the frames the
     * focus stage looks at; null otherwise.
     */
    public byte[][] encodedFrames;

    /** Encoding of each of {@link #encodedFrames}, per frame of the clip (index 0 null). */
    public String[] encodings;

    /**
     * Per frame of the clip (not the lead frame): one byte per tile of the differencing grid, 1 where the tile
     * changed; null when no differencer ran. Events carry them packed ({@code TileMasks}).
     */
    public byte[][] changedTiles;

    /** The differencing's working frame and tile grid that {@link #changedTiles} lie on; 0 when unknown. */
    public int tileGridWidth;

    public int tileGridHeight;
    public int tileSize;
    public int tileColumns;
    public int tileRows;

    public Clip() {}

    public int frameCount() {
        return sequences.length;
    }

    public static String clipId(String streamId, long firstSequence) {
        return streamId + ":" + firstSequence;
    }
}
