package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticLabelTest {
    private static final List<String> SYNTHETIC = List.of("idle", "walk-left", "fall");
    private static final List<String> FOOTAGE = List.of("none", "person", "vehicle", "person+vehicle");

    @Test
    void defaultIsIdleWhereTheBundleHasIt() {
        assertThat(StaticLabel.resolve(true, null, SYNTHETIC)).isZero();
    }

    @Test
    void footageBundleWithoutIdleTurnsTheGateOff() {
        assertThat(StaticLabel.resolve(true, null, FOOTAGE)).isEqualTo(-1);
    }

    @Test
    void configuredLabelIsFoundOrRejected() {
        assertThat(StaticLabel.resolve(true, "none", FOOTAGE)).isZero();
        assertThat(StaticLabel.resolve(true, "person", FOOTAGE)).isEqualTo(1);
        assertThatThrownBy(() -> StaticLabel.resolve(true, "idle", FOOTAGE))
                .hasMessageContaining("'idle'")
                .hasMessageContaining("person+vehicle");
    }

    @Test
    void gateOffIgnoresTheLabel() {
        assertThat(StaticLabel.resolve(false, "missing", FOOTAGE)).isEqualTo(-1);
    }
}
