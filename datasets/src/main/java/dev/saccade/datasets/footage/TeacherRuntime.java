package dev.saccade.datasets.footage;

import ai.djl.Device;
import dev.saccade.models.external.BatchDetector;
import dev.saccade.models.external.BatchedYoloxDetector;
import dev.saccade.models.external.YoloxDetector;
import java.io.IOException;
import java.util.Locale;

/**
 * Where the teacher runs: ONNX Runtime frame by frame on the CPU, or the same ONNX graph through PyTorch in batches
 * on the CPU or a GPU. Not part of the label cache's key: both give the same detections up to float32 rounding
 * ({@code BatchedYoloxDetectorTest}).
 */
public record TeacherRuntime(Engine engine, String device, int batch) {

    /** The engine that runs the ONNX graph. */
    public enum Engine {
        ONNXRUNTIME,
        PYTORCH;

        /** Parses "onnxruntime" or "pytorch", any case. */
        public static Engine parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("teacher engine must be onnxruntime or pytorch, got '" + name + "'");
            }
        }
    }

    public TeacherRuntime {
        if (batch < 1 || batch > 1024) {
            throw new IllegalArgumentException("teacher batch must be in [1, 1024], got " + batch);
        }
        if (!"cpu".equals(device) && !device.matches("gpu\\d*")) {
            throw new IllegalArgumentException("teacher device must be cpu or gpu[N], got '" + device + "'");
        }
        if (engine == Engine.ONNXRUNTIME && !"cpu".equals(device)) {
            throw new IllegalArgumentException("the ONNX Runtime build the project ships runs on the CPU only; "
                    + "use the pytorch engine for a GPU");
        }
        if (engine == Engine.ONNXRUNTIME && batch != 1) {
            throw new IllegalArgumentException("the teacher's ONNX export has a fixed batch of 1 under ONNX Runtime; "
                    + "use the pytorch engine to batch");
        }
    }

    /** ONNX Runtime, frame by frame: the fastest on a CPU ({@code bench teacher}). */
    public static TeacherRuntime cpu() {
        return new TeacherRuntime(Engine.ONNXRUNTIME, "cpu", 1);
    }

    /** The default: batches of 32 through PyTorch on the first GPU where one is present, else {@link #cpu()}. */
    public static TeacherRuntime auto() {
        return gpuPresent() ? new TeacherRuntime(Engine.PYTORCH, "gpu", 32) : cpu();
    }

    /**
     * Parses the command line's choice; "auto" for the engine or device takes {@link #auto()}'s. Only "auto" looks
     * for a GPU (which loads the engine), so a bad explicit choice is refused before anything loads.
     */
    public static TeacherRuntime parse(String engine, String device, Integer batch) {
        boolean autoEngine = "auto".equals(engine);
        boolean autoDevice = "auto".equals(device);
        Engine e;
        if (!autoEngine) {
            e = Engine.parse(engine);
        } else if (!autoDevice) {
            e = engineFor(device);
        } else {
            e = auto().engine();
        }
        String d = !autoDevice ? device : e == Engine.ONNXRUNTIME ? "cpu" : (gpuPresent() ? "gpu" : "cpu");
        int b = batch != null ? batch : e == Engine.ONNXRUNTIME ? 1 : d.startsWith("gpu") ? 32 : 8;
        return new TeacherRuntime(e, d, b);
    }

    private static Engine engineFor(String device) {
        return "cpu".equals(device) ? Engine.ONNXRUNTIME : Engine.PYTORCH;
    }

    /** Whether the PyTorch engine sees a GPU. */
    public static boolean gpuPresent() {
        try {
            return dev.saccade.models.engine.Inference.engine().getGpuCount() > 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Opens the teacher detector of {@code settings} on this runtime. */
    public BatchDetector open(TeacherSettings settings) throws IOException {
        var spec = YoloxDetector.standardSpec(
                settings.model().toAbsolutePath().toString(),
                settings.labels().toAbsolutePath().toString(),
                settings.inputSize());
        if (engine == Engine.ONNXRUNTIME) {
            return YoloxDetector.load(spec, null, settings.scoreThreshold(), settings.iouThreshold());
        }
        Device target = "cpu".equals(device)
                ? Device.cpu()
                : Device.gpu(device.length() > 3 ? Integer.parseInt(device.substring(3)) : 0);
        return BatchedYoloxDetector.load(spec, null, settings.scoreThreshold(), settings.iouThreshold(), target);
    }

    /** One line for logs and meta files. */
    public String describe() {
        return engine.name().toLowerCase(Locale.ROOT) + " " + device + " batch " + batch;
    }
}
