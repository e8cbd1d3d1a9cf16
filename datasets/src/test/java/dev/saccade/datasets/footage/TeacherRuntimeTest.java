package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where the teacher runs: the command line's choices and the combinations refused before anything loads. */
class TeacherRuntimeTest {

    @Test
    void anExplicitChoiceIsTakenAsGiven() {
        assertThat(TeacherRuntime.parse("pytorch", "cpu", 16))
                .isEqualTo(new TeacherRuntime(TeacherRuntime.Engine.PYTORCH, "cpu", 16));
        assertThat(TeacherRuntime.parse("onnxruntime", "cpu", null)).isEqualTo(TeacherRuntime.cpu());
        assertThat(TeacherRuntime.parse("pytorch", "gpu1", null).batch()).isEqualTo(32);
        assertThat(TeacherRuntime.parse("pytorch", "cpu", null).batch()).isEqualTo(8);
    }

    @Test
    void aCpuDeviceAloneMeansOnnxRuntimeFrameByFrame() {
        assertThat(TeacherRuntime.parse("auto", "cpu", null)).isEqualTo(TeacherRuntime.cpu());
    }

    @Test
    void autoOnAMachineWithoutGpuIsOnnxRuntimeOnTheCpu() {
        if (!TeacherRuntime.gpuPresent()) {
            assertThat(TeacherRuntime.auto()).isEqualTo(TeacherRuntime.cpu());
            assertThat(TeacherRuntime.parse("auto", "auto", null)).isEqualTo(TeacherRuntime.cpu());
        } else {
            assertThat(TeacherRuntime.auto().engine()).isEqualTo(TeacherRuntime.Engine.PYTORCH);
        }
    }

    @Test
    void impossibleCombinationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TeacherRuntime.parse("onnxruntime", "gpu", null))
                .hasMessageContaining("CPU only");
        assertThatThrownBy(() -> TeacherRuntime.parse("onnxruntime", "cpu", 8)).hasMessageContaining("fixed batch");
        assertThatThrownBy(() -> TeacherRuntime.parse("tensorrt", "cpu", null)).hasMessageContaining("tensorrt");
        assertThatThrownBy(() -> TeacherRuntime.parse("pytorch", "tpu", null)).hasMessageContaining("tpu");
        assertThatThrownBy(() -> TeacherRuntime.parse("pytorch", "cpu", 0)).hasMessageContaining("[1, 1024]");
    }

    @Test
    void describeNamesEngineDeviceAndBatch() {
        assertThat(new TeacherRuntime(TeacherRuntime.Engine.PYTORCH, "gpu", 32).describe())
                .isEqualTo("pytorch gpu batch 32");
    }
}
