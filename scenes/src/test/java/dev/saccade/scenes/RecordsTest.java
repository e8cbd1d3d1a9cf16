package dev.saccade.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and value semantics of Box, SceneFrame and SceneClip. */
class RecordsTest {
    @Test
    void boxGeometry() {
        Box b = new Box(10, 20, 30, 40);
        assertThat(b.area()).isEqualTo(1200);
        assertThat(b.right()).isEqualTo(40);
        assertThat(b.bottom()).isEqualTo(60);
        assertThat(b.centerX()).isEqualTo(25.0);
        assertThat(b.intersectionArea(new Box(30, 50, 100, 100))).isEqualTo(10 * 10);
        assertThat(b.intersectionArea(new Box(40, 20, 5, 5))).isZero();
        assertThatThrownBy(() -> new Box(0, 0, -1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameValidatesItsPixelsAndCopiesItsBoxes() {
        List<Box> boxes = new ArrayList<>(List.of(new Box(0, 0, 1, 1)));
        SceneFrame f = new SceneFrame(0, 0, 0, EventClass.IDLE, 4, 2, new byte[24], boxes, false, false);
        boxes.clear();
        assertThat(f.objectBoxes()).hasSize(1);
        assertThat(f.toString()).contains("idle").hasSizeLessThan(300);
        assertThat(f)
                .isEqualTo(new SceneFrame(0, 0, 0, EventClass.IDLE, 4, 2, new byte[24], f.objectBoxes(), false, false));
        byte[] other = new byte[24];
        other[5] = 1;
        assertThat(f)
                .isNotEqualTo(new SceneFrame(0, 0, 0, EventClass.IDLE, 4, 2, other, f.objectBoxes(), false, false));
        assertThatThrownBy(() -> new SceneFrame(0, 0, 0, EventClass.IDLE, 4, 2, new byte[23], List.of(), false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24");
    }

    @Test
    void clipRejectsForeignFrames() {
        SceneFrame f = new SceneFrame(0, 0, 0, EventClass.IDLE, 4, 2, new byte[24], List.of(), false, false);
        assertThat(new SceneClip(0, EventClass.IDLE, false, List.of(f)).length())
                .isEqualTo(1);
        assertThatThrownBy(() -> new SceneClip(1, EventClass.IDLE, false, List.of(f)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SceneClip(0, EventClass.FALL, false, List.of(f)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
