package dev.saccade.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    @Test
    void pytorchEngineLoadsOfflineAndComputes() {
        assertThat(Engine.getEngine("PyTorch").getVersion()).startsWith("2.7.1");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}).reshape(2, 2);
            assertThat(a.matMul(a).toFloatArray()).containsExactly(7f, 10f, 15f, 22f);
        }
    }
}
