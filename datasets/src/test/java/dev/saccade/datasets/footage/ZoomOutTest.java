package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.data.ObjectBox;
import org.junit.jupiter.api.Test;

class ZoomOutTest {
    private static final int W = 40;
    private static final int H = 30;

    /** A grey frame with one white 10x10 square at (20, 10). */
    private static byte[] frameWithSquare() {
        byte[] f = new byte[W * H * 3];
        java.util.Arrays.fill(f, (byte) 60);
        for (int y = 10; y < 20; y++) {
            for (int x = 20; x < 30; x++) {
                for (int c = 0; c < 3; c++) {
                    f[(y * W + x) * 3 + c] = (byte) 255;
                }
            }
        }
        return f;
    }

    private static int grey(byte[] f, int x, int y) {
        return f[(y * W + x) * 3] & 0xff;
    }

    @Test
    void theSquareShrinksWhereItsBoxSays() {
        byte[] out = ZoomOut.frame(frameWithSquare(), 0.8, W, H);
        ObjectBox box = ZoomOut.box(new ObjectBox(20, 10, 10, 10), 0.8, W, H);

        assertThat(box).isEqualTo(new ObjectBox(20, 11, 8, 8)); // (4 + 16, 3 + 8), 10 * 0.8
        // inside the new box white, just outside it the background
        assertThat(grey(out, box.x() + 1, box.y() + 1)).isEqualTo(255);
        assertThat(grey(out, box.x() + box.width() - 2, box.y() + box.height() - 2))
                .isEqualTo(255);
        assertThat(grey(out, box.x() - 2, box.y() + 3)).isEqualTo(60);
        assertThat(grey(out, box.x() + box.width() + 1, box.y() + 3)).isEqualTo(60);
        // the border repeats the frame's edge, nothing black comes in
        assertThat(grey(out, 0, 0)).isEqualTo(60);
        assertThat(grey(out, W - 1, H - 1)).isEqualTo(60);
    }

    @Test
    void scaleOneIsTheFrameItself() {
        byte[] f = frameWithSquare();
        assertThat(ZoomOut.frame(f, 1.0, W, H)).isEqualTo(f);
    }
}
