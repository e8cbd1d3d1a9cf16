package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InputLayoutTest {

    @Test
    void letterboxOfTheVtestFrameScalesTheLongSideTo416AndPadsBelow() {
        InputLayout layout = InputLayout.letterbox(768, 576, 416, 416);

        assertThat(layout.scaleX()).isEqualTo(416f / 768f).isEqualTo(layout.scaleY());
        assertThat(layout.scaledWidth()).isEqualTo(416);
        assertThat(layout.scaledHeight()).isEqualTo(312);
        assertThat(layout.padded()).isTrue();
    }

    @Test
    void portraitSourcesArePaddedOnTheRight() {
        InputLayout layout = InputLayout.letterbox(300, 600, 416, 416);

        assertThat(layout.scaledWidth()).isEqualTo(208);
        assertThat(layout.scaledHeight()).isEqualTo(416);
    }

    @Test
    void coordinatesRoundTripBetweenFrameAndInput() {
        for (InputLayout layout : new InputLayout[] {
            InputLayout.letterbox(768, 576, 416, 416),
            InputLayout.letterbox(333, 777, 640, 640),
            InputLayout.stretch(768, 576, 224, 224)
        }) {
            for (float v : new float[] {0f, 1f, 17.25f, 333f, 575.5f}) {
                assertThat(layout.toSourceX(layout.toInputX(v))).isCloseTo(v, within(1e-3f));
                assertThat(layout.toSourceY(layout.toInputY(v))).isCloseTo(v, within(1e-3f));
            }
        }
        InputLayout letterbox = InputLayout.letterbox(768, 576, 416, 416);
        assertThat(letterbox.toSourceX(416f)).isCloseTo(768f, within(1e-3f));
        assertThat(letterbox.toSourceY(312f)).isCloseTo(576f, within(1e-3f));
        InputLayout stretch = InputLayout.stretch(768, 576, 224, 224);
        assertThat(stretch.toSourceX(224f)).isCloseTo(768f, within(1e-3f));
        assertThat(stretch.toSourceY(224f)).isCloseTo(576f, within(1e-3f));
        assertThat(stretch.padded()).isFalse();
    }
}
