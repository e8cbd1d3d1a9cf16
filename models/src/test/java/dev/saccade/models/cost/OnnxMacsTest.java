package dev.saccade.models.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.external.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnnxMacsTest {
    @Test
    void yoloxNanoCostsWhatItsAuthorsPublish() throws Exception {
        Path model = SharedData.require("models/yolox/yolox_nano.onnx");
        long macs = OnnxMacs.count(model);
        // YOLOX's README gives 1.08 GFLOPs at 416x416, counted as twice the MACs (thop MACs x 2)
        assertThat(macs / 1e9).isBetween(0.50, 0.58);
    }
}
