package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.models.external.ExternalModelSpec.ChannelOrder;
import dev.saccade.models.external.ExternalModelSpec.Interpolation;
import dev.saccade.models.external.ExternalModelSpec.ResizeMode;
import dev.saccade.models.external.ExternalModelSpec.TensorType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalModelSpecTest {

    @Test
    void readsEveryFieldFromJson() throws Exception {
        ExternalModelSpec spec = ExternalModelSpec.fromJson(
                """
                {"engine": "PyTorch", "path": "nets/resnet.pt", "inputNames": ["x"],
                 "inputWidth": 320, "inputHeight": 240, "channelOrder": "rgb", "pixelScale": 0.00392156862745098,
                 "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "dtype": "float16",
                 "resize": "letterbox", "padValue": 0, "interpolation": "area", "labels": "nets/labels.txt"}
                """);

        assertThat(spec.engine()).isEqualTo("PyTorch");
        assertThat(spec.path()).isEqualTo("nets/resnet.pt");
        assertThat(spec.inputNames()).containsExactly("x");
        assertThat(spec.inputWidth()).isEqualTo(320);
        assertThat(spec.inputHeight()).isEqualTo(240);
        assertThat(spec.channelOrder()).isEqualTo(ChannelOrder.RGB);
        assertThat(spec.pixelScale()).isEqualTo(1 / 255.0);
        assertThat(spec.mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(spec.std()).containsExactly(0.229, 0.224, 0.225);
        assertThat(spec.dtype()).isEqualTo(TensorType.FLOAT16);
        assertThat(spec.resize()).isEqualTo(ResizeMode.LETTERBOX);
        assertThat(spec.padValue()).isZero();
        assertThat(spec.interpolation()).isEqualTo(Interpolation.AREA);
        assertThat(spec.labels()).isEqualTo("nets/labels.txt");
    }

    @Test
    void omittedOptionalFieldsGetDefaultsAndTheSpecRoundTrips() throws Exception {
        ExternalModelSpec spec = ExternalModelSpec.fromJson(
                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 224, "inputHeight": 224}""");

        assertThat(spec.inputNames()).isEmpty();
        assertThat(spec.channelOrder()).isEqualTo(ChannelOrder.BGR);
        assertThat(spec.pixelScale()).isEqualTo(1.0);
        assertThat(spec.mean()).containsExactly(0.0, 0.0, 0.0);
        assertThat(spec.std()).containsExactly(1.0, 1.0, 1.0);
        assertThat(spec.dtype()).isEqualTo(TensorType.FLOAT32);
        assertThat(spec.resize()).isEqualTo(ResizeMode.STRETCH);
        assertThat(spec.padValue()).isEqualTo(114);
        assertThat(spec.interpolation()).isEqualTo(Interpolation.BILINEAR);
        assertThat(spec.labels()).isNull();
        assertThat(ExternalModelSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(spec.toJson())
                .contains("\"dtype\":\"float32\"", "\"resize\":\"stretch\"", "\"channelOrder\":\"BGR\"");
    }

    @Test
    void unknownEngineIsRejectedNamingTheSupportedOnes() {
        assertThatThrownBy(
                        () -> ExternalModelSpec.fromJson(
                                """
                {"engine": "TensorFlow", "path": "m.pb", "inputWidth": 224, "inputHeight": 224}"""))
                .hasMessageContaining("unknown engine 'TensorFlow'")
                .hasMessageContaining("OnnxRuntime")
                .hasMessageContaining("PyTorch");
    }

    @Test
    void invalidValuesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> spec("\"mean\": [0.5, 0.5]")).hasMessageContaining("mean needs exactly 3 values");
        assertThatThrownBy(() -> spec("\"std\": [1, 0, 1]")).hasMessageContaining("std values must be positive");
        assertThatThrownBy(() -> spec("\"pixelScale\": 0")).hasMessageContaining("pixelScale must be positive");
        assertThatThrownBy(() -> spec("\"dtype\": \"int8\""))
                .hasMessageContaining("unknown TensorType 'int8'")
                .hasMessageContaining("float16");
        assertThatThrownBy(() -> spec("\"resize\": \"crop\"")).hasMessageContaining("letterbox");
        assertThatThrownBy(() -> spec("\"padValue\": 300")).hasMessageContaining("padValue must be a pixel value");
        assertThatThrownBy(() -> spec("\"pixelscale\": 1")).hasMessageContaining("pixelscale");
        assertThatThrownBy(
                        () -> ExternalModelSpec.fromJson(
                                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 0, "inputHeight": 224}"""))
                .hasMessageContaining("must be positive, got 0x224");
    }

    @Test
    void filesResolveAgainstTheBaseDirAndMissingOnesAreNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("nets"));
        Files.writeString(dir.resolve("nets/m.onnx"), "not really onnx");
        ExternalModelSpec spec = new ExternalModelSpec(
                "OnnxRuntime",
                "nets/m.onnx",
                List.of(),
                8,
                8,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "nets/labels.txt");

        assertThat(spec.modelFile(dir)).isEqualTo(dir.resolve("nets/m.onnx").toAbsolutePath());
        assertThatThrownBy(() -> spec.validateFiles(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels file not found: "
                        + dir.resolve("nets/labels.txt").toAbsolutePath());
        assertThatThrownBy(() -> ImageClassifier.load(spec, dir.resolve("elsewhere")))
                .hasMessageContaining("model file not found: " + dir.resolve("elsewhere/nets/m.onnx"));
    }

    private static ExternalModelSpec spec(String extra) throws Exception {
        return ExternalModelSpec.fromJson(
                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 224, "inputHeight": 224, %s}"""
                        .formatted(extra));
    }
}
