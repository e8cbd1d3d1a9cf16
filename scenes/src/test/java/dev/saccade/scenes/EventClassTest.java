package dev.saccade.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Labels, indices and parsing of the event classes. */
class EventClassTest {
    @Test
    void labelsAreTheWireSpellingInIndexOrder() {
        assertThat(EventClass.labels())
                .containsExactly("idle", "walk-left", "walk-right", "approach", "loiter", "fall");
        for (EventClass c : EventClass.values()) {
            assertThat(EventClass.labels().get(c.index())).isEqualTo(c.label());
            assertThat(c.index()).isEqualTo(c.ordinal());
            assertThat(EventClass.fromIndex(c.index())).isSameAs(c);
        }
        assertThat(EventClass.count()).isEqualTo(6);
    }

    @Test
    void onlyIdleIsQuiet() {
        assertThat(EventClass.IDLE.isQuiet()).isTrue();
        for (EventClass c : EventClass.values()) {
            if (c != EventClass.IDLE) {
                assertThat(c.isQuiet()).as(c.label()).isFalse();
            }
        }
    }

    @Test
    void fromLabelAcceptsLabelsAndNamesAndRejectsOthers() {
        assertThat(EventClass.fromLabel("walk-left")).isSameAs(EventClass.WALK_LEFT);
        assertThat(EventClass.fromLabel(" WALK_RIGHT ")).isSameAs(EventClass.WALK_RIGHT);
        assertThat(EventClass.fromLabel("Fall")).isSameAs(EventClass.FALL);
        assertThatThrownBy(() -> EventClass.fromLabel("run"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run")
                .hasMessageContaining("walk-left");
        assertThatThrownBy(() -> EventClass.fromLabel(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventClass.fromIndex(6)).isInstanceOf(IllegalArgumentException.class);
    }
}
