package dev.saccade.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Defaults, withers and argument validation of the scene configuration. */
class SceneConfigTest {
    @Test
    void defaultsAreTheDemoFeed() {
        SceneConfig c = SceneConfig.defaults();
        assertThat(c.width()).isEqualTo(320);
        assertThat(c.height()).isEqualTo(240);
        assertThat(c.clipLength()).isEqualTo(16);
        assertThat(c.quietFraction()).isEqualTo(0.6);
        assertThat(c.distractorFraction()).isEqualTo(0.3);
        assertThat(c.fps()).isEqualTo(10.0);
        assertThat(c.frameBytes()).isEqualTo(320 * 240 * 3);
    }

    @Test
    void withersChangeOnlyTheirField() {
        SceneConfig c = SceneConfig.defaults().withSize(640, 480).withClipLength(32);
        assertThat(c).isEqualTo(new SceneConfig(640, 480, 32, 0.6, 0.3, 10.0));
        assertThat(c.withQuietFraction(0.1).withDistractorFraction(0.9).withFps(25))
                .isEqualTo(new SceneConfig(640, 480, 32, 0.1, 0.9, 25));
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() {
        SceneConfig d = SceneConfig.defaults();
        assertThatThrownBy(() -> d.withSize(10, 240))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> d.withSize(320, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("height");
        assertThatThrownBy(() -> d.withSize(5000, 240)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withClipLength(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clipLength")
                .hasMessageContaining("3");
        assertThatThrownBy(() -> d.withQuietFraction(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quietFraction");
        assertThatThrownBy(() -> d.withDistractorFraction(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distractorFraction");
        assertThatThrownBy(() -> d.withFps(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fps");
    }
}
