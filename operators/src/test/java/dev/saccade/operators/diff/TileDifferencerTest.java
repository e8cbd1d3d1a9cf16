package dev.saccade.operators.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.operators.TestFrames;
import org.junit.jupiter.api.Test;

class TileDifferencerTest {
    private final TileDifferencer differencer = new TileDifferencer(TestFrames.W, TestFrames.H, 16, 9.0, 0.9);

    @Test
    void identicalFramesChangeNothing() {
        TileChange c = differencer.compare(TestFrames.gray(10), TestFrames.gray(10));
        assertThat(c.changedFraction()).isZero();
        assertThat(c.meanAbsDiff()).isZero();
        assertThat(c.sceneCut()).isFalse();
    }

    @Test
    void movingSquareMarksExactlyTheTilesItLeftAndEntered() {
        // square at x 0..11 moves to x 32..43: tiles (col 0) and (col 2) of rows 0 and 1 change
        TileChange c = differencer.compare(TestFrames.gray(0), TestFrames.gray(32));
        assertThat(c.cols()).isEqualTo(4);
        assertThat(c.rows()).isEqualTo(3);
        byte[] expected = {
            1, 0, 1, 0,
            1, 0, 1, 0,
            0, 0, 0, 0
        };
        assertThat(c.changed()).containsExactly(expected);
        assertThat(c.changedFraction()).isEqualTo(4.0 / 12);
    }

    @Test
    void smallNoiseStaysBelowTheThreshold() {
        byte[] a = TestFrames.gray(-1);
        byte[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((b[i] & 0xFF) + (i % 7) - 3);
        }
        TileChange c = differencer.compare(a, b);
        assertThat(c.changedFraction()).isZero();
        assertThat(c.meanAbsDiff()).isBetween(1.0, 3.0);
    }

    @Test
    void globalChangeIsASceneCut() {
        byte[] a = TestFrames.gray(-1);
        byte[] b = new byte[a.length];
        java.util.Arrays.fill(b, (byte) 255);
        TileChange c = differencer.compare(a, b);
        assertThat(c.changedFraction()).isEqualTo(1.0);
        assertThat(c.sceneCut()).isTrue();
    }

    @Test
    void edgeTilesAreAveragedOverTheirOwnPixels() {
        TileDifferencer odd = new TileDifferencer(20, 20, 16, 9.0, 0.9);
        byte[] a = new byte[400];
        byte[] b = new byte[400];
        // change only the 4x4 corner tile region (x,y >= 16) by 20: its mean diff is 20, not diluted to 1.25
        for (int y = 16; y < 20; y++) {
            for (int x = 16; x < 20; x++) {
                b[y * 20 + x] = 20;
            }
        }
        TileChange c = odd.compare(a, b);
        assertThat(c.tileDiff()[3]).isEqualTo(20.0);
        assertThat(c.changed()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void rejectsFramesOfTheWrongSize() {
        assertThatThrownBy(() -> differencer.compare(new byte[10], new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
