package dev.saccade.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Object boxes and event flags agree with each class's motion. */
class GroundTruthTest {
    private static final SceneConfig CONFIG = SceneConfig.defaults();
    private static final SceneGenerator GEN = new SceneGenerator(CONFIG, 2024);

    @Test
    void boxesLieInsideTheFrameAndStaySmall() {
        for (SceneConfig cfg :
                List.of(CONFIG.withQuietFraction(0), CONFIG.withQuietFraction(0).withSize(64, 48))) {
            double frameArea = cfg.width() * cfg.height();
            for (long seed = 0; seed < 4; seed++) {
                SceneGenerator g = new SceneGenerator(cfg, seed);
                for (int c = 0; c < 8; c++) {
                    SceneClip clip = g.nextClip();
                    int visible = 0;
                    for (SceneFrame f : clip.frames()) {
                        assertThat(f.objectBoxes()).hasSizeLessThanOrEqualTo(1);
                        for (Box b : f.objectBoxes()) {
                            visible++;
                            assertThat(b.x()).isGreaterThanOrEqualTo(0);
                            assertThat(b.y()).isGreaterThanOrEqualTo(0);
                            assertThat(b.right()).isLessThanOrEqualTo(cfg.width());
                            assertThat(b.bottom()).isLessThanOrEqualTo(cfg.height());
                            assertThat(b.area())
                                    .as("%s %s", clip.label(), b)
                                    .isPositive()
                                    .isLessThanOrEqualTo((int) (0.03 * frameArea));
                        }
                    }
                    assertThat(visible)
                            .as("visible frames of %s", clip.label())
                            .isGreaterThanOrEqualTo(cfg.clipLength() * 8 / 10);
                }
            }
        }
    }

    @Test
    void idleClipsHaveNoObjectAndNoEvent() {
        for (SceneClip clip : Frames.clips(GEN, EventClass.IDLE, 3)) {
            for (SceneFrame f : clip.frames()) {
                assertThat(f.objectBoxes()).isEmpty();
                assertThat(f.eventActive()).isFalse();
            }
        }
    }

    @Test
    void walkersCrossInTheirDirectionAtSteadySpeed() {
        for (EventClass c : List.of(EventClass.WALK_RIGHT, EventClass.WALK_LEFT)) {
            int sign = c == EventClass.WALK_RIGHT ? 1 : -1;
            for (SceneClip clip : Frames.clips(GEN, c, 4)) {
                double[] xs = clip.frames().stream()
                        .mapToDouble(f -> Frames.box(f).centerX())
                        .toArray();
                double total = sign * (xs[xs.length - 1] - xs[0]);
                assertThat(total).as("%s displacement", c).isGreaterThan(2.0 * (xs.length - 1));
                double perFrame = total / (xs.length - 1);
                double ys0 = Frames.box(clip.frame(0)).bottom();
                for (int i = 1; i < xs.length; i++) {
                    double step = sign * (xs[i] - xs[i - 1]);
                    assertThat(step).as("%s step %d", c, i).isBetween(0.2 * perFrame, 2.5 * perFrame);
                    // Horizontal crossing: the feet stay on one ground line, up to the gait's bob.
                    assertThat(Math.abs(Frames.box(clip.frame(i)).bottom() - ys0))
                            .isLessThanOrEqualTo(3);
                }
                assertThat(clip.frames()).allMatch(SceneFrame::eventActive);
            }
        }
    }

    @Test
    void approacherGrowsAndComesDown() {
        for (SceneClip clip : Frames.clips(GEN, EventClass.APPROACH, 4)) {
            Box first = Frames.box(clip.frame(0));
            Box last = Frames.box(clip.frame(clip.length() - 1));
            assertThat(last.area()).isGreaterThan(3 * first.area());
            assertThat(last.bottom()).isGreaterThan(first.bottom() + 20);
            int growing = 0;
            for (int i = 1; i < clip.length(); i++) {
                if (Frames.box(clip.frame(i)).area()
                        >= Frames.box(clip.frame(i - 1)).area()) {
                    growing++;
                }
            }
            assertThat(growing).isGreaterThanOrEqualTo((clip.length() - 1) * 8 / 10);
            assertThat(clip.frames()).allMatch(SceneFrame::eventActive);
        }
    }

    @Test
    void loitererWandersButStaysPut() {
        for (SceneClip clip : Frames.clips(GEN, EventClass.LOITER, 4)) {
            double[] xs = clip.frames().stream()
                    .mapToDouble(f -> Frames.box(f).centerX())
                    .toArray();
            double height = Frames.box(clip.frame(0)).height();
            double min = xs[0];
            double max = xs[0];
            double path = 0;
            for (int i = 1; i < xs.length; i++) {
                min = Math.min(min, xs[i]);
                max = Math.max(max, xs[i]);
                path += Math.abs(xs[i] - xs[i - 1]);
            }
            assertThat(Math.abs(xs[xs.length - 1] - xs[0]))
                    .as("net displacement")
                    .isLessThan(0.25 * height);
            assertThat(max - min)
                    .as("wandering extent")
                    .isLessThan(1.2 * height)
                    .isGreaterThan(2);
            assertThat(path).as("path walked").isGreaterThan(1.5 * Math.abs(xs[xs.length - 1] - xs[0]) + 3);
        }
    }

    @Test
    void fallerGoesFromTallToWideAndLiesStill() {
        for (SceneClip clip : Frames.clips(GEN, EventClass.FALL, 4)) {
            Box first = Frames.box(clip.frame(0));
            Box last = Frames.box(clip.frame(clip.length() - 1));
            Box before = Frames.box(clip.frame(clip.length() - 2));
            assertThat(first.height()).isGreaterThan(first.width());
            assertThat(last.width()).isGreaterThan(last.height());
            assertThat(last).as("lying still").isEqualTo(before);
            assertThat(clip.frame(0).eventActive()).isFalse();
            assertThat(clip.frame(clip.length() - 1).eventActive()).isTrue();
            int firstActive = -1;
            for (int i = 0; i < clip.length(); i++) {
                if (clip.frame(i).eventActive()) {
                    if (firstActive < 0) {
                        firstActive = i;
                    }
                } else {
                    assertThat(firstActive)
                            .as("active stays on once the fall starts")
                            .isNegative();
                }
            }
            // The fall (tall -> wide) happens within a few frames after the event starts.
            Box atStart = Frames.box(clip.frame(firstActive - 1));
            assertThat(atStart.height()).isGreaterThan(atStart.width());
            int wideAt = firstActive;
            while (Frames.box(clip.frame(wideAt)).height()
                    >= Frames.box(clip.frame(wideAt)).width()) {
                wideAt++;
            }
            assertThat(wideAt - firstActive).isLessThanOrEqualTo(6);
        }
    }
}
