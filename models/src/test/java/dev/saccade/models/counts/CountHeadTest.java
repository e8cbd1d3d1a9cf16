package dev.saccade.models.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountHeadTest {
    @Test
    void ridgeRecoversALinearMapAndItsBias() {
        Random r = new Random(3);
        float[][] x = new float[400][5];
        double[][] y = new double[400][2];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) r.nextGaussian();
            }
            y[i][0] = 2 * x[i][0] - x[i][3] + 0.5;
            y[i][1] = x[i][1] + 3;
        }
        double[][] c = RidgeRegression.fit(x, y, 1e-9);
        assertThat(c[0][0]).isCloseTo(2, within(1e-4));
        assertThat(c[0][3]).isCloseTo(-1, within(1e-4));
        assertThat(c[0][5]).as("bias").isCloseTo(0.5, within(1e-4));
        assertThat(c[1][1]).isCloseTo(1, within(1e-4));
        assertThat(c[1][5]).isCloseTo(3, within(1e-4));
    }

    @Test
    void countsNeverContradictTheLabel(@TempDir Path dir) throws Exception {
        // expected person count e^(ln 4) - 1 = 3, vehicle e^0 - 1 = 0
        CountHead head = new CountHead(
                List.of("person", "vehicle"),
                new float[][] {{0f, 0f}, {0f, 0f}},
                new float[] {(float) Math.log(4), 0f},
                Map.of());
        float[] h = {0.3f, -1f};
        assertThat(head.counts(h, "person")).containsEntry("person", 3).containsEntry("vehicle", 0);
        assertThat(head.counts(h, "person+vehicle")).containsEntry("vehicle", 1);
        assertThat(head.counts(h, "none")).containsEntry("person", 0).containsEntry("vehicle", 0);
        head.write(dir);
        CountHead read = CountHead.read(dir);
        assertThat(read.counts(h, "person")).isEqualTo(head.counts(h, "person"));
        assertThat(CountHead.read(dir.resolve("elsewhere"))).isNull();
    }
}
