package dev.saccade.datasets.footage;

import dev.saccade.operators.diff.TileDifferencer;
import dev.saccade.operators.media.ImageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher run less often, the way other systems save compute: on every N-th frame (DeepStream's {@code interval})
 * or only on frames where frame differencing sees motion (Frigate's approach). Between runs the last detections hold,
 * as a tracker would keep them; the clip rule then labels each clip from what was held.
 */
public final class TeacherBaselines {
    private TeacherBaselines() {}

    /** Labels and teacher runs of one baseline over a run of clips. */
    public record Outcome(List<String> labels, int teacherFrames, int frames) {}

    /** The teacher on frames whose index is a multiple of {@code interval}, over clips [from, to) of a source. */
    public static Outcome blindSkip(FootageSource src, int from, int to, int t, ClipRule rule, int interval) {
        List<TeacherFrame> all = src.labels().frames();
        boolean[] runs = new boolean[all.size()];
        for (int f = 0; f < runs.length; f++) {
            runs[f] = f % interval == 0;
        }
        return held(all, runs, from, to, t, rule);
    }

    /** The teacher on frames where at least one tile changed (the project's frame differencing at its defaults). */
    public static Outcome motionGated(FootageSource src, int from, int to, int t, ClipRule rule) {
        List<TeacherFrame> all = src.labels().frames();
        boolean[] runs = motion(src, from * t, to * t);
        return held(all, runs, from, to, t, rule);
    }

    /** Which frames in [first, end) differ from the one before them; frames outside are false. */
    public static boolean[] motion(FootageSource src, int first, int end) {
        int w = 160;
        int h = 120;
        TileDifferencer diff = new TileDifferencer(w, h, 16, 9.0, 0.9);
        boolean[] moved = new boolean[src.frames().length];
        byte[] previous = first > 0 ? grey(src, first - 1, w, h) : null;
        for (int f = first; f < end; f++) {
            byte[] current = grey(src, f, w, h);
            moved[f] = previous == null || diff.compare(previous, current).changedFraction() > 0;
            previous = current;
        }
        return moved;
    }

    private static byte[] grey(FootageSource src, int f, int w, int h) {
        return ImageCodec.toGray(src.frames()[f], src.width(), src.height(), w, h);
    }

    /**
     * Clip labels where each frame sees the detections of the latest frame the teacher ran on (the frame before the
     * run of clips counts as run, as a deployment would have it from earlier).
     */
    static Outcome held(List<TeacherFrame> all, boolean[] runs, int from, int to, int t, ClipRule rule) {
        int first = from * t;
        TeacherFrame last = all.get(Math.max(0, first - 1));
        int teacherFrames = 0;
        List<TeacherFrame> seen = new ArrayList<>();
        for (int f = first; f < to * t; f++) {
            if (runs[f]) {
                last = all.get(f);
                teacherFrames++;
            }
            seen.add(new TeacherFrame(f, all.get(f).time(), last.boxes()));
        }
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < to - from; c++) {
            labels.add(rule.apply(from + c, seen.subList(c * t, (c + 1) * t)).label());
        }
        return new Outcome(labels, teacherFrames, (to - from) * t);
    }
}
