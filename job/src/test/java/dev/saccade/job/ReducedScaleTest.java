package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.OperatorSettings;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The adaptive pipeline reduces its frames as far as the glance (96x72) and the differencing (160x120) allow. */
class ReducedScaleTest {
    private final OperatorSettings settings = OperatorSettings.from(new Configuration());

    @Test
    void a320x240BundleFrameIsHalved() {
        assertThat(SaccadePipeline.reducedScale(320, 240, settings)).isEqualTo(2);
    }

    @Test
    void largerFramesGoFurtherAndSmallOnesNotAtAll() {
        assertThat(SaccadePipeline.reducedScale(640, 480, settings)).isEqualTo(4);
        assertThat(SaccadePipeline.reducedScale(160, 120, settings)).isEqualTo(1);
        // 330 is not a multiple of 4 or 8, and halved it still covers 160x120
        assertThat(SaccadePipeline.reducedScale(330, 250, settings)).isEqualTo(2);
    }
}
