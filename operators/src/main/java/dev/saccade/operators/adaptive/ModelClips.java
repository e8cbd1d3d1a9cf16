package dev.saccade.operators.adaptive;

import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.operators.types.Clip;
import java.util.Arrays;

/** Turns a pipeline clip into the models' clip: exactly T frames after the lead frame, a short clip padded. */
public final class ModelClips {
    private ModelClips() {}

    public static ClipData of(Clip clip, int t) {
        if (clip.frames == null) {
            throw new IllegalStateException(
                    "clip " + clip.clipId + " carries no frames: the pipeline was built without " + "model frames");
        }
        byte[][] frames = Arrays.copyOf(clip.frames, t + 1);
        // a clip flushed early by the quiet timeout holds its last frame: the scene did not change after it
        for (int i = clip.frames.length; i <= t; i++) {
            frames[i] = clip.frames[clip.frames.length - 1];
        }
        return new ClipData(
                new ClipRef(0, 0, -1), clip.frameWidth, clip.frameHeight, frames, new ObjectBox[t], new boolean[t]);
    }
}
