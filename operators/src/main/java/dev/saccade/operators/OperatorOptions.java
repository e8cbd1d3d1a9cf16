package dev.saccade.operators;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the pipeline's operators, as Flink config options with their defaults and descriptions. */
public final class OperatorOptions {

    public static final ConfigOption<Integer> DIFF_WIDTH = ConfigOptions.key("saccade.diff.width")
            .intType()
            .defaultValue(160)
            .withDescription("Width in pixels of the grey working frame that frame differencing compares.");
    public static final ConfigOption<Integer> DIFF_HEIGHT = ConfigOptions.key("saccade.diff.height")
            .intType()
            .defaultValue(120)
            .withDescription("Height in pixels of the grey working frame that frame differencing compares.");
    public static final ConfigOption<Integer> DIFF_TILE_SIZE = ConfigOptions.key("saccade.diff.tile-size")
            .intType()
            .defaultValue(16)
            .withDescription("Side in working-frame pixels of the square tiles whose change is measured.");
    public static final ConfigOption<Double> DIFF_TILE_THRESHOLD = ConfigOptions.key("saccade.diff.tile-threshold")
            .doubleType()
            .defaultValue(9.0)
            .withDescription("Mean absolute grey-level difference (0-255) above which a tile counts as changed.");
    public static final ConfigOption<Double> DIFF_SCENE_CUT_FRACTION = ConfigOptions.key(
                    "saccade.diff.scene-cut-fraction")
            .doubleType()
            .defaultValue(0.9)
            .withDescription("Changed-tile fraction at or above which a frame is treated as a scene cut.");
    public static final ConfigOption<Duration> STREAM_IDLE_TIMEOUT = ConfigOptions.key("saccade.stream.idle-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription(
                    "A stream with no frame for this long loses its differencing state (memory is bounded by active streams).");

    public static final ConfigOption<Integer> CLIP_LENGTH =
            ConfigOptions.key("saccade.clip.length").intType().defaultValue(16).withDescription("Frames per clip (T).");
    public static final ConfigOption<Duration> CLIP_QUIET_TIMEOUT = ConfigOptions.key("saccade.clip.quiet-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(3))
            .withDescription("A partial clip is flushed when its stream sends no frame for this long.");

    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES = ConfigOptions.key("saccade.input.max-payload-bytes")
            .intType()
            .defaultValue(8 * 1024 * 1024)
            .withDescription("Frames whose payload is larger go to the dead-letter topic.");
    public static final ConfigOption<Long> MAX_PIXELS = ConfigOptions.key("saccade.input.max-pixels")
            .longType()
            .defaultValue(3840L * 2160L)
            .withDescription("Frames declaring more pixels (width x height) go to the dead-letter topic.");
    public static final ConfigOption<Duration> MAX_OUT_OF_ORDER = ConfigOptions.key("saccade.input.max-out-of-order")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription(
                    "Frames captured this much earlier than the newest frame of their stream go to the dead-letter topic.");

    public static final ConfigOption<Double> MOTION_MIN_CHANGED_FRACTION = ConfigOptions.key(
                    "saccade.motion.min-changed-fraction")
            .doubleType()
            .defaultValue(0.005)
            .withDescription("A frame counts as moving when more than this fraction of its tiles changed.");
    public static final ConfigOption<Double> MOTION_MOVING_FRAME_RATIO = ConfigOptions.key(
                    "saccade.motion.moving-frame-ratio")
            .doubleType()
            .defaultValue(0.3)
            .withDescription("A clip is labelled 'motion' when at least this share of its frame pairs moved.");

    /** What classifies clips. */
    public enum Mode {
        /** The foundation's motion detector only: no network. */
        MOTION,
        /** The dense baseline: the full model on every frame of every clip. */
        DENSE,
        /** Motion gate, glance with policy and exit 0 on CPU, focus on patches for the clips still unsure. */
        ADAPTIVE
    }

    /** Which part of the adaptive job this deployment runs. */
    public enum Stage {
        /** Everything in one job. */
        ALL,
        /** Frames to events and focus requests (the CPU pool). */
        GLANCE,
        /** Focus requests to events (the GPU pool). */
        FOCUS
    }

    /** Where the focus stage runs its network. */
    public enum Device {
        AUTO,
        GPU,
        CPU
    }

    /** What runs on the policy's patches in the focus stage. */
    public enum FocusRole {
        /** The bundle's trained f_L with exits 1..K (step-synchronous batches across streams). */
        LOCAL,
        /** The reference detector (YOLOX) on each patch: boxes and groups found; footage bundles only. */
        DETECTOR
    }

    public static final ConfigOption<Mode> MODE = ConfigOptions.key("saccade.mode")
            .enumType(Mode.class)
            .defaultValue(Mode.ADAPTIVE)
            .withDescription("adaptive (motion gate, glance + exit 0, focus on chosen patches), dense (the full "
                    + "model on every frame, the baseline) or motion (frame differencing only, no network).");
    public static final ConfigOption<Stage> STAGE = ConfigOptions.key("saccade.stage")
            .enumType(Stage.class)
            .defaultValue(Stage.ALL)
            .withDescription("all runs the whole adaptive job; glance writes focus requests to their topic; focus "
                    + "reads them and writes events, so a CPU pool and a GPU pool scale independently.");
    public static final ConfigOption<String> MODEL_BUNDLE = ConfigOptions.key("saccade.model.bundle")
            .stringType()
            .noDefaultValue()
            .withDescription("Model bundle directory (manifest.json + parameters); default: the shipped bundle "
                    + "models/bundle under the Saccade home. Every TaskManager must be able to read it.");
    public static final ConfigOption<Boolean> MOTION_GATE = ConfigOptions.key("saccade.adaptive.motion-gate")
            .booleanType()
            .defaultValue(true)
            .withDescription("In adaptive mode a clip the motion detector calls static is decided as the static label "
                    + "without running any network (only for bundles that have that label: a real camera's static "
                    + "clip may still show parked cars, so footage bundles run the glance on every clip).");
    /** What runs f_G's encoder in the glance stage. */
    public enum GlanceEncoder {
        /** Skip-convolutions per stream on this project's kernels: each layer recomputes only where its input changed. */
        SKIP_CONV,
        /** f_G exported to ONNX and run densely by ONNX Runtime, one thread per subtask. */
        ONNXRUNTIME,
        /** The engine's eager ops, densely. */
        ENGINE
    }

    public static final ConfigOption<GlanceEncoder> GLANCE_ENCODER = ConfigOptions.key("saccade.glance.encoder")
            .enumType(GlanceEncoder.class)
            .defaultValue(GlanceEncoder.ONNXRUNTIME)
            .withDescription(
                    "What runs f_G's encoder in the glance stage: SKIP_CONV (per stream, each conv layer "
                            + "recomputes only the positions whose input changed; state in memory, not checkpointed, a restored "
                            + "or evicted stream starts densely), ONNXRUNTIME (dense, one thread per subtask) or ENGINE (dense, "
                            + "the engine's eager ops). `./saccade bench skipconv` and `bench pipeline` time them on a machine.");
    public static final ConfigOption<Boolean> GLANCE_REDUCED_DECODE = ConfigOptions.key("saccade.glance.reduced-decode")
            .booleanType()
            .defaultValue(true)
            .withDescription("Adaptive mode: decode JPEG frames at the largest DCT scale (1/2, 1/4, 1/8) that still "
                    + "gives the differencing and the glance their working size (320x240 frames: at 160x120), keeping each frame's bytes so that only the frames whose patches the focus "
                    + "stage needs are decoded at full size. false: every frame decoded at full size.");
    public static final ConfigOption<Float> GLANCE_SKIP_EPSILON = ConfigOptions.key("saccade.glance.skip-epsilon")
            .floatType()
            .defaultValue(dev.saccade.models.skipconv.SkipConvSettings.DEFAULT_EPSILON)
            .withDescription("The skip-convolution gate's threshold, relative to each layer's mean activation; 0 "
                    + "recomputes every changed position (exactly the dense result).");
    public static final ConfigOption<Integer> GLANCE_SKIP_MAX_STREAMS = ConfigOptions.key(
                    "saccade.glance.skip-max-streams")
            .intType()
            .defaultValue(256)
            .withDescription("Streams whose skip-convolution state a glance subtask keeps (least recently used "
                    + "evicted; about 2 MB each at the glance resolution).");
    public static final ConfigOption<String> STATIC_LABEL = ConfigOptions.key("saccade.adaptive.static-label")
            .stringType()
            .noDefaultValue()
            .withDescription("The bundle label given to clips the motion gate finds static; default 'idle' where the "
                    + "bundle has it, else the motion gate is off. A label the bundle lacks is an error.");
    public static final ConfigOption<java.util.List<Double>> EXIT_THRESHOLDS = ConfigOptions.key(
                    "saccade.adaptive.exit-thresholds")
            .doubleType()
            .asList()
            .noDefaultValue()
            .withDescription("Exit thresholds 0..K separated by ';' (exit 0 is the glance's, the last always answers); "
                    + "default: the bundle's calibrated ones. Higher thresholds send more clips to focus.");
    public static final ConfigOption<Integer> FOCUS_BATCH_SIZE = ConfigOptions.key("saccade.focus.batch-size")
            .intType()
            .defaultValue(16)
            .withDescription("Patches per f_L batch in the focus stage: clips in flight across all streams.");
    public static final ConfigOption<Duration> FOCUS_MAX_WAIT = ConfigOptions.key("saccade.focus.max-wait")
            .durationType()
            .defaultValue(Duration.ofMillis(50))
            .withDescription("A focus request waits at most this long for its batch to fill before the batch runs.");
    public static final ConfigOption<Integer> FOCUS_QUEUE_CAPACITY = ConfigOptions.key("saccade.focus.queue-capacity")
            .intType()
            .defaultValue(64)
            .withDescription("Focus requests that may wait beyond the batch; when full, the focus stage runs "
                    + "batches before it accepts more, which backpressures the glance stage.");
    public static final ConfigOption<Device> FOCUS_DEVICE = ConfigOptions.key("saccade.focus.device")
            .enumType(Device.class)
            .defaultValue(Device.AUTO)
            .withDescription("gpu, cpu, or auto (the GPU Flink assigned to the subtask where the engine sees one, "
                    + "else the CPU).");

    public static final ConfigOption<String> FOCUS_PRECISION = ConfigOptions.key("saccade.focus.precision")
            .stringType()
            .defaultValue("float32")
            .withDescription(
                    "Number format of f_L and the exits in the focus stage: float32 (the bundle's), or float16 "
                            + "on a GPU (batch norms folded into the convs, weights cast once; the subtask runs the "
                            + "bundle's self-check in that format at start and refuses to run if it misses).");

    /** What runs the dense baseline model's convolutions. */
    public enum DenseImplementation {
        /** The engine (PyTorch), clip by clip. */
        ENGINE,
        /** f_L on ONNX Runtime with one thread, the rest on the engine: the faster on a CPU (bench dense). */
        ONNXRUNTIME
    }

    public static final ConfigOption<DenseImplementation> DENSE_IMPLEMENTATION = ConfigOptions.key(
                    "saccade.dense.implementation")
            .enumType(DenseImplementation.class)
            .defaultValue(DenseImplementation.ONNXRUNTIME)
            .withDescription(
                    "What runs the dense baseline (mode dense): ONNXRUNTIME (f_L's convolutions on ONNX Runtime, "
                            + "one thread per subtask, the fastest dense implementation on a CPU, `./saccade bench dense`) or "
                            + "ENGINE (the engine's eager ops, clip by clip).");

    public static final ConfigOption<Duration> FOCUS_MAX_AGE = ConfigOptions.key("saccade.focus.max-age")
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("A focus request whose clip ended longer ago than this (a focus pool that was down, a "
                    + "backlog) is decided from the glance's probabilities instead, stage glance, flagged degraded; "
                    + "0 (default) never: every clip waits for the focus stage, however long.");
    public static final ConfigOption<FocusRole> FOCUS_ROLE = ConfigOptions.key("saccade.focus.role")
            .enumType(FocusRole.class)
            .defaultValue(FocusRole.LOCAL)
            .withDescription("local: the trained f_L on the policy's patches, batched across streams. detector: the "
                    + "reference detector (YOLOX-nano) on each patch, so events carry the boxes it found; only for "
                    + "footage bundles, about 0.52 GMACs a patch (see the README's Real cameras for both measured).");
    public static final ConfigOption<String> FOCUS_DETECTOR = ConfigOptions.key("saccade.focus.detector")
            .stringType()
            .noDefaultValue()
            .withDescription("The detector role's ONNX model (YOLOX export with raw head output), its COCO labels in "
                    + "coco_classes.txt beside it; default: models/yolox/yolox_nano.onnx in SACCADE_DATA, else in "
                    + "../shared/data beside the Saccade home.");

    private OperatorOptions() {}
}
