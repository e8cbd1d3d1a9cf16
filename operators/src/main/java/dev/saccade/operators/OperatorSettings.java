package dev.saccade.operators;

import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/** Operator settings parsed once from the configuration; immutable and shipped inside the functions. */
public record OperatorSettings(
        int diffWidth,
        int diffHeight,
        int tileSize,
        double tileThreshold,
        double sceneCutFraction,
        long streamIdleTimeoutMs,
        int clipLength,
        long clipQuietTimeoutMs,
        int maxPayloadBytes,
        long maxPixels,
        long maxOutOfOrderMs,
        double motionMinChangedFraction,
        double motionMovingFrameRatio)
        implements Serializable {

    public OperatorSettings {
        require(diffWidth > 0 && diffHeight > 0, "diff size must be positive");
        require(tileSize > 0 && tileSize <= Math.min(diffWidth, diffHeight), "tile size must fit the working frame");
        require(clipLength > 0, "clip length must be positive");
        require(maxPayloadBytes > 0 && maxPixels > 0, "input limits must be positive");
        require(motionMovingFrameRatio > 0 && motionMovingFrameRatio <= 1, "moving-frame ratio must be in (0, 1]");
    }

    /** Reads every operator option, falling back to its default. */
    public static OperatorSettings from(ReadableConfig c) {
        return new OperatorSettings(
                c.get(OperatorOptions.DIFF_WIDTH),
                c.get(OperatorOptions.DIFF_HEIGHT),
                c.get(OperatorOptions.DIFF_TILE_SIZE),
                c.get(OperatorOptions.DIFF_TILE_THRESHOLD),
                c.get(OperatorOptions.DIFF_SCENE_CUT_FRACTION),
                c.get(OperatorOptions.STREAM_IDLE_TIMEOUT).toMillis(),
                c.get(OperatorOptions.CLIP_LENGTH),
                c.get(OperatorOptions.CLIP_QUIET_TIMEOUT).toMillis(),
                c.get(OperatorOptions.MAX_PAYLOAD_BYTES),
                c.get(OperatorOptions.MAX_PIXELS),
                c.get(OperatorOptions.MAX_OUT_OF_ORDER).toMillis(),
                c.get(OperatorOptions.MOTION_MIN_CHANGED_FRACTION),
                c.get(OperatorOptions.MOTION_MOVING_FRAME_RATIO));
    }

    /** The same settings with another clip length (the model bundle's, when models classify the clips). */
    public OperatorSettings withClipLength(int t) {
        return new OperatorSettings(
                diffWidth,
                diffHeight,
                tileSize,
                tileThreshold,
                sceneCutFraction,
                streamIdleTimeoutMs,
                t,
                clipQuietTimeoutMs,
                maxPayloadBytes,
                maxPixels,
                maxOutOfOrderMs,
                motionMinChangedFraction,
                motionMovingFrameRatio);
    }

    /** The defaults of every option. */
    public static OperatorSettings defaults() {
        return from(new org.apache.flink.configuration.Configuration());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
