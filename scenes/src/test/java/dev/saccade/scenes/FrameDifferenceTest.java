package dev.saccade.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a frame-differencing front end sees: noise and drift when quiet, strong change where objects move. */
class FrameDifferenceTest {
    private static final SceneConfig CONFIG = SceneConfig.defaults();

    @Test
    void quietClipDiffersOnlyByNoiseAndDrift() {
        SceneGenerator g = new SceneGenerator(CONFIG.withDistractorFraction(0), 31);
        for (SceneClip clip : Frames.clips(g, EventClass.IDLE, 2)) {
            double worst = 0;
            for (int i = 1; i < clip.length(); i++) {
                for (double d : Frames.tileDiff(clip.frame(i - 1), clip.frame(i))) {
                    worst = Math.max(worst, d);
                }
            }
            assertThat(worst).isLessThan(4).isGreaterThan(0.2); // there is sensor noise, but nothing more
        }
    }

    @Test
    void walkingObjectChangesItsTilesStrongly() {
        int tilesPerRow = CONFIG.width() / Frames.TILE;
        double all = 0;
        int clips = 0;
        for (long seed = 40; seed < 44; seed++) {
            SceneGenerator g = new SceneGenerator(CONFIG.withDistractorFraction(0), seed);
            for (EventClass c : List.of(EventClass.WALK_LEFT, EventClass.WALK_RIGHT)) {
                SceneClip clip = g.clip(Frames.findClip(g, c, 0));
                double sum = 0;
                double elsewhere = 0;
                int n = 0;
                int m = 0;
                for (int i = 1; i < clip.length(); i++) {
                    double[] d = Frames.tileDiff(clip.frame(i - 1), clip.frame(i));
                    Box now = Frames.box(clip.frame(i));
                    Box before = Frames.box(clip.frame(i - 1));
                    for (int t = 0; t < d.length; t++) {
                        Box tile = new Box(
                                (t % tilesPerRow) * Frames.TILE,
                                (t / tilesPerRow) * Frames.TILE,
                                Frames.TILE,
                                Frames.TILE);
                        if (now.centerX() >= 0 && contains(now, tile)) {
                            sum += d[t];
                            n++;
                        } else if (tile.intersectionArea(now) == 0 && tile.intersectionArea(before) == 0) {
                            elsewhere += d[t];
                            m++;
                        }
                    }
                }
                double objectTiles = sum / n;
                assertThat(objectTiles).as("seed %d %s", seed, c).isGreaterThan(12);
                assertThat(elsewhere / m).isLessThan(3);
                all += objectTiles;
                clips++;
            }
        }
        assertThat(all / clips).as("mean over walk clips").isGreaterThan(20);
    }

    /** The tile's centre lies inside the box. */
    private static boolean contains(Box box, Box tile) {
        double cx = tile.centerX();
        double cy = tile.centerY();
        return cx >= box.x() && cx < box.right() && cy >= box.y() && cy < box.bottom();
    }

    @Test
    void distractorsMovePixelsWithoutObjects() {
        SceneGenerator g = new SceneGenerator(CONFIG.withQuietFraction(1).withDistractorFraction(1), 8);
        for (int c = 0; c < 6; c++) {
            SceneClip clip = g.clip(c);
            assertThat(clip.distractor()).isTrue();
            double worst = 0;
            for (int i = 1; i < clip.length(); i++) {
                assertThat(clip.frame(i).objectBoxes()).isEmpty();
                assertThat(clip.frame(i).eventActive()).isFalse();
                for (double d : Frames.tileDiff(clip.frame(i - 1), clip.frame(i))) {
                    worst = Math.max(worst, d);
                }
            }
            assertThat(worst).as("clip %d", c).isGreaterThan(8);
        }
    }

    @Test
    void lightingDriftsSlowlyAndSmoothly() {
        SceneGenerator g = new SceneGenerator(CONFIG.withQuietFraction(1).withDistractorFraction(0), 12);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double prev = Frames.meanLuma(g.frame(0));
        // Sample two minutes every three seconds, and check neighbouring frames barely differ.
        for (long s = 30; s <= 1200; s += 30) {
            double l = Frames.meanLuma(g.frame(s));
            min = Math.min(min, l);
            max = Math.max(max, l);
            assertThat(Math.abs(l - prev)).isLessThan(3);
            prev = l;
            assertThat(Math.abs(Frames.meanLuma(g.frame(s + 1)) - l)).isLessThan(0.4);
        }
        assertThat(max - min).as("drift over two minutes").isBetween(0.8, 20.0);
    }

    @Test
    void renderCostPerFrame() {
        SceneGenerator g = new SceneGenerator(CONFIG, 99);
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += g.nextFrame().bgr()[i];
        }
        int n = 400;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += g.nextFrame().bgr()[i];
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf(
                "SceneGenerator: %.3f ms per %dx%d frame (%d)%n", ms, CONFIG.width(), CONFIG.height(), sink & 1);
        assertThat(g.position()).isEqualTo(600);
    }
}
