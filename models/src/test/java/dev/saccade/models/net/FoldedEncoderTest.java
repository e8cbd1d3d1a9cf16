package dev.saccade.models.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Folding batch norm into the convs changes nothing but the layer count. */
class FoldedEncoderTest {

    /** Gives every batch norm non-trivial statistics, as training would. */
    private static void perturbNorms(SequentialBlock encoder, NDManager m) {
        encoder.getParameters().forEach(p -> {
            String name = p.getKey();
            NDArray a = p.getValue().getArray();
            if (name.endsWith("runningMean") || name.endsWith("beta")) {
                a.set(m.randomUniform(-0.3f, 0.3f, a.getShape()).toFloatArray());
            } else if (name.endsWith("runningVar") || name.endsWith("gamma")) {
                a.set(m.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
            }
        });
    }

    private static void check(SequentialBlock encoder, Shape input, int expectedConvs) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            encoder.initialize(m, DataType.FLOAT32, input);
            perturbNorms(encoder, m);
            NDArray x = m.randomUniform(-0.5f, 0.5f, input);
            NDArray expected = encoder.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            FoldedEncoder folded = FoldedEncoder.fold(encoder);
            NDArray actual = folded.forward(m, x);
            assertThat(actual.getShape()).isEqualTo(expected.getShape());
            float err = actual.sub(expected).abs().max().getFloat();
            float scale = expected.abs().max().getFloat();
            assertThat(err / scale).as("relative error of the fold").isLessThan(1e-4f);
            assertThat(folded.convLayers()).hasSize(expectedConvs);
        }
    }

    @Test
    void glanceEncoderFoldsExactly() {
        // stem + (dw, pw) + 3 x (expand, dw, project) + (expand, dw, project) + head = 1 + 2 + 12 + 1
        check(Encoders.glance(), new Shape(2, 4, 72, 96), 16);
    }

    @Test
    void localEncoderFoldsExactlyIncludingResNetShortcuts() {
        check(Encoders.local(), new Shape(2, 3, 64, 64), 9);
    }

    @Test
    void foldedLayersExposeStrideGroupsAndKernel() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock g = Encoders.glance();
            g.initialize(m, DataType.FLOAT32, new Shape(1, 4, 72, 96));
            var layers = FoldedEncoder.fold(g).convLayers();
            assertThat(layers.get(0).stride()).isEqualTo(2);
            assertThat(layers.get(0).kernel()).isEqualTo(3);
            assertThat(layers.get(1).groups()).as("depthwise").isEqualTo(16);
            assertThat(layers.get(2).kernel()).as("pointwise").isEqualTo(1);
        }
    }
}
