package dev.saccade.operators.adaptive;

import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.operators.ingest.FrameDecoder;
import dev.saccade.operators.types.Clip;
import java.util.Arrays;
import java.util.List;

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

    /**
     * The clip at full size for cutting the planned looks' patches: as {@code data} where the clip's frames already are
     * full size; else the frames the looks are in decoded again at full size from the bytes the clip kept (the other
     * frames left null: no patch is cut from them).
     */
    public static ClipData fullSize(Clip clip, ClipData data, List<Policy.Focus> plan, int width, int height) {
        if (clip.encodedFrames == null || (data.width() == width && data.height() == height)) {
            return data;
        }
        byte[][] frames = new byte[data.frames().length][];
        for (Policy.Focus look : plan) {
            int i = look.frame() + 1;
            if (frames[i] == null) {
                // a padded short clip's missing frames are its last one (as in of)
                int from = Math.min(i, clip.encodedFrames.length - 1);
                frames[i] = FrameDecoder.fullModelFrame(clip.encodedFrames[from], clip.encodings[from], width, height);
            }
        }
        return new ClipData(data.ref(), width, height, frames, data.boxes(), data.active());
    }
}
