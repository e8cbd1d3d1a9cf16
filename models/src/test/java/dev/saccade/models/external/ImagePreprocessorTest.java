package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    /** A 4x2 frame whose pixel i has B = 30i, G = 30i + 10, R = 30i + 20. */
    private static BgrImage gradient() {
        byte[] bgr = new byte[4 * 2 * 3];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (i * 10);
        }
        return new BgrImage(bgr, 4, 2);
    }

    @Test
    void letterboxPadsBelowAndRgbSwapsChannelsInFp16() throws Exception {
        ExternalModelSpec spec = ExternalModelSpec.fromJson(
                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 4, "inputHeight": 4,
                 "channelOrder": "RGB", "dtype": "float16", "resize": "letterbox", "padValue": 114}""");

        float[] v = run(spec, gradient(), DataType.FLOAT16);

        // channel 0 is red: row 0 holds pixels 0..3, row 1 pixels 4..7, rows 2 and 3 are padding
        assertThat(v).startsWith(20f, 50f, 80f, 110f, 140f, 170f, 200f, 230f, 114f, 114f, 114f, 114f);
        assertThat(v[16]).isEqualTo(10f); // green of pixel 0
        assertThat(v[32]).isEqualTo(0f); // blue of pixel 0
        assertThat(v[47]).isEqualTo(114f);
    }

    @Test
    void bgrWithScaleMeanAndStdNormalisesPerChannel() throws Exception {
        ExternalModelSpec spec = ExternalModelSpec.fromJson(
                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 4, "inputHeight": 2,
                 "pixelScale": 0.1, "mean": [1, 2, 3], "std": [2, 4, 8]}""");

        float[] v = run(spec, gradient(), DataType.FLOAT32);

        assertThat(v[0]).isCloseTo((0f * 0.1f - 1f) / 2f, within(1e-5f)); // blue of pixel 0
        assertThat(v[8 + 1]).isCloseTo((40f * 0.1f - 2f) / 4f, within(1e-5f)); // green of pixel 1
        assertThat(v[16 + 7]).isCloseTo((230f * 0.1f - 3f) / 8f, within(1e-5f)); // red of pixel 7
    }

    @Test
    void stretchResizesEachAxisToTheInput() throws Exception {
        ExternalModelSpec spec = ExternalModelSpec.fromJson(
                """
                {"engine": "OnnxRuntime", "path": "m.onnx", "inputWidth": 2, "inputHeight": 4,
                 "interpolation": "nearest"}""");

        float[] v = run(spec, gradient(), DataType.FLOAT32);

        assertThat(v).hasSize(3 * 4 * 2);
        // nearest neighbour 4x2 -> 2x4 picks source columns 0 and 2, each source row twice (blue channel)
        assertThat(v).startsWith(0f, 60f, 0f, 60f, 120f, 180f, 120f, 180f);
    }

    private static float[] run(ExternalModelSpec spec, BgrImage image, DataType expected) {
        try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            NDArray input = new ImagePreprocessor(spec).toInput(manager, image);
            assertThat(input.getShape()).isEqualTo(new Shape(1, 3, spec.inputHeight(), spec.inputWidth()));
            assertThat(input.getDataType()).isEqualTo(expected);
            return input.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
