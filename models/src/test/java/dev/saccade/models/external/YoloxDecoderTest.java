package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloxDecoderTest {

    private static final int CLASSES = 80;
    private static final int ROW = 5 + CLASSES;
    private final YoloxDecoder decoder = new YoloxDecoder(416, 416, YoloxDecoder.STANDARD_STRIDES);

    @Test
    void a416InputHas3549AnchorsOverThreeGrids() {
        assertThat(decoder.anchors()).isEqualTo(52 * 52 + 26 * 26 + 13 * 13).isEqualTo(3549);
    }

    @Test
    void oneAnchorOnTheStride16GridDecodesToAKnownBox() {
        float[] raw = new float[3549 * ROW];
        int anchor = 52 * 52 + 5 * 26 + 3; // stride 16 grid, row 5, column 3
        set(raw, anchor, 0.5f, 0.25f, (float) Math.log(2), (float) Math.log(3), 0.9f, 7, 0.8f);

        List<ScoredBox> boxes = decoder.decode(raw, 0.3f);

        // cx = (0.5 + 3) * 16 = 56, cy = (0.25 + 5) * 16 = 84, w = 2 * 16 = 32, h = 3 * 16 = 48
        assertThat(boxes).hasSize(1);
        ScoredBox box = boxes.get(0);
        assertThat(box.classIndex()).isEqualTo(7);
        assertThat(box.score()).isCloseTo(0.72f, within(1e-6f));
        assertThat(box.x1()).isCloseTo(40f, within(1e-4f));
        assertThat(box.y1()).isCloseTo(60f, within(1e-4f));
        assertThat(box.x2()).isCloseTo(72f, within(1e-4f));
        assertThat(box.y2()).isCloseTo(108f, within(1e-4f));
    }

    @Test
    void theLastAnchorIsTheBottomRightCellOfTheStride32Grid() {
        float[] raw = new float[3549 * ROW];
        set(raw, 3548, 0f, 0f, 0f, 0f, 1f, 0, 1f);

        ScoredBox box = decoder.decode(raw, 0.3f).get(0);

        // cx = cy = 12 * 32 = 384, w = h = exp(0) * 32
        assertThat(box.x1()).isEqualTo(368f);
        assertThat(box.y1()).isEqualTo(368f);
        assertThat(box.x2()).isEqualTo(400f);
        assertThat(box.y2()).isEqualTo(400f);
    }

    @Test
    void logitScoresAreDetectedAndPassedThroughTheSigmoid() {
        float[] raw = new float[3549 * ROW];
        for (int a = 0; a < 3549; a++) {
            Arrays.fill(raw, a * ROW + 4, (a + 1) * ROW, -10f);
        }
        int anchor = 100; // stride 8 grid, row 1, column 48
        set(raw, anchor, 0f, 0f, 0f, 0f, 2f, 0, 3f);

        assertThat(decoder.scoresAreLogits(raw)).isTrue();
        List<ScoredBox> boxes = decoder.decode(raw, 0.3f);

        double expected = 1 / (1 + Math.exp(-2)) * (1 / (1 + Math.exp(-3)));
        assertThat(boxes).hasSize(1);
        assertThat((double) boxes.get(0).score()).isCloseTo(expected, within(1e-6));
        assertThat(boxes.get(0).x1()).isEqualTo((48 + 0) * 8 - 4f);
        assertThat(boxes.get(0).y1()).isEqualTo(8 - 4f);
    }

    @Test
    void scoresBelowTheThresholdAreDropped() {
        float[] raw = new float[3549 * ROW];
        set(raw, 10, 0f, 0f, 0f, 0f, 0.5f, 3, 0.5f); // 0.25
        set(raw, 20, 0f, 0f, 0f, 0f, 0.2f, 3, 1.0f); // objectness alone below the threshold

        assertThat(decoder.scoresAreLogits(raw)).isFalse();
        assertThat(decoder.decode(raw, 0.3f)).isEmpty();
        assertThat(decoder.decode(raw, 0.2f)).extracting(ScoredBox::score).containsExactlyInAnyOrder(0.25f, 0.2f);
    }

    @Test
    void anOutputOfTheWrongSizeIsRejected() {
        assertThatThrownBy(() -> decoder.decode(new float[2100 * ROW], 0.3f))
                .hasMessageContaining("not 3549 anchors x (5 + classes)");
        assertThatThrownBy(() -> new YoloxDecoder(420, 416, YoloxDecoder.STANDARD_STRIDES))
                .hasMessageContaining("not a multiple of stride 8");
    }

    private static void set(
            float[] raw, int anchor, float x, float y, float w, float h, float objectness, int cls, float clsScore) {
        int base = anchor * ROW;
        raw[base] = x;
        raw[base + 1] = y;
        raw[base + 2] = w;
        raw[base + 3] = h;
        raw[base + 4] = objectness;
        raw[base + 5 + cls] = clsScore;
    }
}
