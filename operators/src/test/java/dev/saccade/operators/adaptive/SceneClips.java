package dev.saccade.operators.adaptive;

import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.scenes.Box;
import dev.saccade.scenes.SceneClip;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.List;

/** Clips of one synthetic background as the models see them, for operator tests that need real scenes. */
final class SceneClips {
    private SceneClips() {}

    /** The first {@code n} clips of the background {@code seed}, T+1 frames each (the frame before the clip first). */
    static List<ClipData> first(long seed, int n, int t) {
        SceneGenerator g = new SceneGenerator(SceneConfig.defaults().withClipLength(t), seed);
        List<ClipData> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            SceneClip clip = g.clip(c);
            byte[][] frames = new byte[t + 1][];
            ObjectBox[] boxes = new ObjectBox[t];
            boolean[] active = new boolean[t];
            long first = clip.frame(0).sequence();
            frames[0] = first > 0 ? g.frame(first - 1).bgr() : clip.frame(0).bgr();
            for (int i = 0; i < t; i++) {
                frames[i + 1] = clip.frame(i).bgr();
                List<Box> objects = clip.frame(i).objectBoxes();
                boxes[i] = objects.isEmpty()
                        ? null
                        : new ObjectBox(
                                objects.get(0).x(),
                                objects.get(0).y(),
                                objects.get(0).width(),
                                objects.get(0).height());
                active[i] = clip.frame(i).eventActive();
            }
            ClipRef ref = new ClipRef(seed, c, g.clipLabel(c).index());
            out.add(new ClipData(ref, g.config().width(), g.config().height(), frames, boxes, active));
        }
        return out;
    }
}
