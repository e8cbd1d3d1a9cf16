package dev.saccade.bench;

import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.List;

/** Consecutive clips of one synthetic stream for the benches: each clip has the frame before it, shared at bounds. */
public final class SyntheticClips {
    private SyntheticClips() {}

    public static List<ClipData> consecutive(SceneGenerator generator, int t, int clips) {
        List<byte[]> frames = new ArrayList<>();
        int width = 0;
        int height = 0;
        for (int i = 0; i < clips * t + 1; i++) {
            SceneFrame f = generator.nextFrame();
            frames.add(f.bgr());
            width = f.width();
            height = f.height();
        }
        List<ClipData> out = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            byte[][] clip = new byte[t + 1][];
            for (int k = 0; k <= t; k++) {
                clip[k] = frames.get(c * t + k);
            }
            out.add(new ClipData(new ClipRef(0, c, 0), width, height, clip, null, null));
        }
        return out;
    }
}
