package dev.saccade.operators;

import java.io.Serializable;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;

/** The model-running operators' settings (mode, stage, bundle, focus batching), parsed once from the configuration. */
public record ModelSettings(
        OperatorOptions.Mode mode,
        OperatorOptions.Stage stage,
        String bundle,
        boolean motionGate,
        String staticLabel,
        double[] exitThresholds,
        int focusBatchSize,
        long focusMaxWaitMs,
        int focusQueueCapacity,
        OperatorOptions.Device focusDevice,
        OperatorOptions.GlanceEncoder glanceEncoder,
        float glanceSkipEpsilon,
        int glanceSkipMaxStreams,
        OperatorOptions.FocusRole focusRole,
        String focusDetector,
        long focusMaxAgeMs,
        String focusPrecision,
        OperatorOptions.DenseImplementation denseImplementation,
        boolean glanceReducedDecode)
        implements Serializable {

    public ModelSettings {
        if (glanceSkipEpsilon < 0 || glanceSkipMaxStreams < 1) {
            throw new IllegalArgumentException("skip-convolution epsilon must not be negative, max streams positive");
        }
        if (focusBatchSize < 1 || focusQueueCapacity < 0 || focusMaxWaitMs < 0 || focusMaxAgeMs < 0) {
            throw new IllegalArgumentException(
                    "focus batch size must be positive, queue capacity, max wait and max age not negative");
        }
        dev.saccade.models.cascade.FocusPrecision.parse(focusPrecision); // fails early on a wrong name
        if (stage != OperatorOptions.Stage.ALL && mode != OperatorOptions.Mode.ADAPTIVE) {
            throw new IllegalArgumentException("--stage " + stage.name().toLowerCase() + " splits the adaptive job; "
                    + "mode " + mode.name().toLowerCase() + " runs as one job (stage all)");
        }
    }

    public static ModelSettings from(ReadableConfig c) {
        String bundle = c.getOptional(OperatorOptions.MODEL_BUNDLE)
                .orElse(Path.of(System.getProperty("saccade.home", "."), "models", "bundle")
                        .toAbsolutePath()
                        .normalize()
                        .toString());
        return new ModelSettings(
                c.get(OperatorOptions.MODE),
                c.get(OperatorOptions.STAGE),
                bundle,
                c.get(OperatorOptions.MOTION_GATE),
                c.getOptional(OperatorOptions.STATIC_LABEL).orElse(null),
                c.getOptional(OperatorOptions.EXIT_THRESHOLDS)
                        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                        .orElse(null),
                c.get(OperatorOptions.FOCUS_BATCH_SIZE),
                c.get(OperatorOptions.FOCUS_MAX_WAIT).toMillis(),
                c.get(OperatorOptions.FOCUS_QUEUE_CAPACITY),
                c.get(OperatorOptions.FOCUS_DEVICE),
                c.get(OperatorOptions.GLANCE_ENCODER),
                c.get(OperatorOptions.GLANCE_SKIP_EPSILON),
                c.get(OperatorOptions.GLANCE_SKIP_MAX_STREAMS),
                c.get(OperatorOptions.FOCUS_ROLE),
                c.getOptional(OperatorOptions.FOCUS_DETECTOR).orElseGet(ModelSettings::defaultDetector),
                c.get(OperatorOptions.FOCUS_MAX_AGE).toMillis(),
                c.get(OperatorOptions.FOCUS_PRECISION),
                c.get(OperatorOptions.DENSE_IMPLEMENTATION),
                c.get(OperatorOptions.GLANCE_REDUCED_DECODE));
    }

    /** YOLOX-nano in the data folder: SACCADE_DATA, else ../shared/data beside the Saccade home. */
    static String defaultDetector() {
        return dev.saccade.models.data.DataPaths.dataDir()
                .resolve("models/yolox/yolox_nano.onnx")
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    /** The configured exit thresholds, or the bundle's when none are configured. */
    public double[] thresholdsOr(double[] bundles) {
        if (exitThresholds == null) {
            return bundles;
        }
        if (exitThresholds.length != bundles.length) {
            throw new IllegalArgumentException(OperatorOptions.EXIT_THRESHOLDS.key() + " has " + exitThresholds.length
                    + " values; the bundle has " + bundles.length + " exits");
        }
        return exitThresholds.clone();
    }

    /** Whether the glance runs f_G as skip-convolutions. */
    public boolean glanceSkipConv() {
        return glanceEncoder == OperatorOptions.GlanceEncoder.SKIP_CONV;
    }

    public boolean usesModels() {
        return mode != OperatorOptions.Mode.MOTION;
    }
}
