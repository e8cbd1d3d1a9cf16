package dev.saccade.models.external;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Declares an external ONNX or TorchScript image model: where it is, the input it expects and how frames are turned
 * into that input; read from JSON so any role of a model bundle can point at a model trained elsewhere.
 *
 * <p>Optional components may be omitted (null) and get defaults: {@code channelOrder} BGR, {@code pixelScale} 1.0
 * (raw 0-255), no mean/std, {@code dtype} float32, {@code resize} stretch, {@code padValue} 114, {@code interpolation}
 * bilinear. {@code mean} and {@code std} are per channel in the model's channel order and in units after
 * {@code pixelScale} (ImageNet/torchvision: pixelScale 1/255, mean 0.485,0.456,0.406 for RGB). Letterboxing keeps the
 * aspect ratio and places the image top-left, as YOLOX does. Paths are relative to a base directory (the bundle's).
 */
public record ExternalModelSpec(
        String engine,
        String path,
        List<String> inputNames,
        int inputWidth,
        int inputHeight,
        ChannelOrder channelOrder,
        Double pixelScale,
        List<Double> mean,
        List<Double> std,
        TensorType dtype,
        ResizeMode resize,
        Integer padValue,
        Interpolation interpolation,
        String labels) {

    /** DJL engine name for ONNX models. */
    public static final String ONNX_RUNTIME = "OnnxRuntime";
    /** DJL engine name for TorchScript models. */
    public static final String PYTORCH = "PyTorch";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public ExternalModelSpec {
        if (engine == null || !(engine.equals(ONNX_RUNTIME) || engine.equals(PYTORCH))) {
            throw new IllegalArgumentException("unknown engine '" + engine + "': expected \"" + ONNX_RUNTIME
                    + "\" (ONNX) or \"" + PYTORCH + "\" (TorchScript)");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("model path is missing");
        }
        if (inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException(
                    "inputWidth and inputHeight must be positive, got " + inputWidth + "x" + inputHeight);
        }
        inputNames = inputNames == null ? List.of() : List.copyOf(inputNames);
        channelOrder = channelOrder == null ? ChannelOrder.BGR : channelOrder;
        pixelScale = pixelScale == null ? 1.0 : pixelScale;
        if (!(pixelScale > 0) || pixelScale.isInfinite()) {
            throw new IllegalArgumentException("pixelScale must be positive and finite, got " + pixelScale);
        }
        mean = perChannel("mean", mean, 0.0);
        std = perChannel("std", std, 1.0);
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("std values must be positive, got " + std);
        }
        dtype = dtype == null ? TensorType.FLOAT32 : dtype;
        resize = resize == null ? ResizeMode.STRETCH : resize;
        padValue = padValue == null ? 114 : padValue;
        if (padValue < 0 || padValue > 255) {
            throw new IllegalArgumentException("padValue must be a pixel value 0-255, got " + padValue);
        }
        interpolation = interpolation == null ? Interpolation.BILINEAR : interpolation;
    }

    private static List<Double> perChannel(String name, List<Double> values, double neutral) {
        if (values == null || values.isEmpty()) {
            return List.of(neutral, neutral, neutral);
        }
        if (values.size() != 3 || values.contains(null)) {
            throw new IllegalArgumentException(name + " needs exactly 3 values (one per channel), got " + values);
        }
        return List.copyOf(values);
    }

    /** Reads a spec from JSON text; unknown properties are errors so typos do not silently fall back to defaults. */
    public static ExternalModelSpec fromJson(String json) throws IOException {
        return JSON.readValue(json, ExternalModelSpec.class);
    }

    /** Reads a spec from a JSON file. */
    public static ExternalModelSpec read(Path jsonFile) throws IOException {
        return JSON.readValue(jsonFile.toFile(), ExternalModelSpec.class);
    }

    /** This spec as JSON (round-trips through {@link #fromJson}). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write spec as JSON", e);
        }
    }

    /** The model file, resolved against {@code baseDir}; fails with the full path when it does not exist. */
    public Path modelFile(Path baseDir) {
        return existing("model", baseDir, path);
    }

    /** The labels file resolved against {@code baseDir}, or null when the spec declares none. */
    public Path labelsFile(Path baseDir) {
        return labels == null || labels.isBlank() ? null : existing("labels", baseDir, labels);
    }

    /** Checks that every file the spec names exists under {@code baseDir}, so a bad bundle fails before loading. */
    public void validateFiles(Path baseDir) {
        modelFile(baseDir);
        labelsFile(baseDir);
    }

    private static Path existing(String what, Path baseDir, String relative) {
        Path resolved = (baseDir == null ? Path.of(relative) : baseDir.resolve(relative))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(resolved)) {
            throw new IllegalArgumentException(
                    what + " file not found: " + resolved + (Files.exists(resolved) ? " (not a regular file)" : ""));
        }
        return resolved;
    }

    /** The single input name to check against the model, or null when the spec does not name one. */
    String declaredInputName() {
        return inputNames.isEmpty() ? null : inputNames.get(0);
    }

    /** Order of colour channels the model expects. */
    public enum ChannelOrder {
        RGB,
        BGR;

        @JsonCreator
        static ChannelOrder parse(String text) {
            return parseEnum(ChannelOrder.class, text);
        }
    }

    /** Element type of the input tensor. */
    public enum TensorType {
        FLOAT32,
        FLOAT16;

        @JsonCreator
        static TensorType parse(String text) {
            return parseEnum(TensorType.class, text);
        }

        @JsonValue
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a frame is fitted into the input size. */
    public enum ResizeMode {
        /** Scale each axis independently to the input size. */
        STRETCH,
        /** Keep the aspect ratio, place top-left, pad the rest with {@code padValue}. */
        LETTERBOX;

        @JsonCreator
        static ResizeMode parse(String text) {
            return parseEnum(ResizeMode.class, text);
        }

        @JsonValue
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Resampling filter used when resizing. */
    public enum Interpolation {
        NEAREST,
        /**
         * Bilinear; when shrinking, DJL's PyTorch implementation widens the filter (antialiased, like PIL), so it is
         * smoother than OpenCV's INTER_LINEAR.
         */
        BILINEAR,
        /** Pixel-area averaging (OpenCV's INTER_AREA for whole-number factors). */
        AREA,
        BICUBIC;

        @JsonCreator
        static Interpolation parse(String text) {
            return parseEnum(Interpolation.class, text);
        }

        @JsonValue
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        ai.djl.modality.cv.Image.Interpolation toDjl() {
            return ai.djl.modality.cv.Image.Interpolation.valueOf(name());
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(
                "unknown " + type.getSimpleName() + " '" + text + "': expected one of " + allowed);
    }
}
