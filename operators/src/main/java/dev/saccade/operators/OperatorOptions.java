package dev.saccade.operators;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the pipeline's operators, as Flink config options with their defaults and descriptions. */
public final class OperatorOptions {

  public static final ConfigOption<Integer> DIFF_WIDTH =
      ConfigOptions.key("saccade.diff.width").intType().defaultValue(160)
          .withDescription("Width in pixels of the grey working frame that frame differencing compares.");
  public static final ConfigOption<Integer> DIFF_HEIGHT =
      ConfigOptions.key("saccade.diff.height").intType().defaultValue(120)
          .withDescription("Height in pixels of the grey working frame that frame differencing compares.");
  public static final ConfigOption<Integer> DIFF_TILE_SIZE =
      ConfigOptions.key("saccade.diff.tile-size").intType().defaultValue(16)
          .withDescription("Side in working-frame pixels of the square tiles whose change is measured.");
  public static final ConfigOption<Double> DIFF_TILE_THRESHOLD =
      ConfigOptions.key("saccade.diff.tile-threshold").doubleType().defaultValue(9.0)
          .withDescription("Mean absolute grey-level difference (0-255) above which a tile counts as changed.");
  public static final ConfigOption<Double> DIFF_SCENE_CUT_FRACTION =
      ConfigOptions.key("saccade.diff.scene-cut-fraction").doubleType().defaultValue(0.9)
          .withDescription("Changed-tile fraction at or above which a frame is treated as a scene cut.");
  public static final ConfigOption<Duration> STREAM_IDLE_TIMEOUT =
      ConfigOptions.key("saccade.stream.idle-timeout").durationType().defaultValue(Duration.ofSeconds(30))
          .withDescription("A stream with no frame for this long loses its differencing state (memory is bounded by active streams).");

  public static final ConfigOption<Integer> CLIP_LENGTH =
      ConfigOptions.key("saccade.clip.length").intType().defaultValue(16)
          .withDescription("Frames per clip (T).");
  public static final ConfigOption<Duration> CLIP_QUIET_TIMEOUT =
      ConfigOptions.key("saccade.clip.quiet-timeout").durationType().defaultValue(Duration.ofSeconds(3))
          .withDescription("A partial clip is flushed when its stream sends no frame for this long.");

  public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES =
      ConfigOptions.key("saccade.input.max-payload-bytes").intType().defaultValue(8 * 1024 * 1024)
          .withDescription("Frames whose payload is larger go to the dead-letter topic.");
  public static final ConfigOption<Long> MAX_PIXELS =
      ConfigOptions.key("saccade.input.max-pixels").longType().defaultValue(3840L * 2160L)
          .withDescription("Frames declaring more pixels (width x height) go to the dead-letter topic.");
  public static final ConfigOption<Duration> MAX_OUT_OF_ORDER =
      ConfigOptions.key("saccade.input.max-out-of-order").durationType().defaultValue(Duration.ofSeconds(10))
          .withDescription("Frames captured this much earlier than the newest frame of their stream go to the dead-letter topic.");

  public static final ConfigOption<Double> MOTION_MIN_CHANGED_FRACTION =
      ConfigOptions.key("saccade.motion.min-changed-fraction").doubleType().defaultValue(0.005)
          .withDescription("A frame counts as moving when more than this fraction of its tiles changed.");
  public static final ConfigOption<Double> MOTION_MOVING_FRAME_RATIO =
      ConfigOptions.key("saccade.motion.moving-frame-ratio").doubleType().defaultValue(0.3)
          .withDescription("A clip is labelled 'motion' when at least this share of its frame pairs moved.");

  private OperatorOptions() {}
}
