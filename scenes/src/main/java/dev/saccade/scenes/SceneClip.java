package dev.saccade.scenes;

import java.util.List;
import java.util.Objects;

/** A whole labelled clip: consecutive frames sharing one {@link EventClass}; each frame owns its pixel array. */
public record SceneClip(int clipIndex, EventClass label, boolean distractor, List<SceneFrame> frames) {
    public SceneClip {
        Objects.requireNonNull(label, "label");
        frames = List.copyOf(frames);
        for (SceneFrame f : frames) {
            if (f.clipIndex() != clipIndex || f.label() != label) {
                throw new IllegalArgumentException(
                        "frame " + f + " does not belong to clip " + clipIndex + " (" + label + ")");
            }
        }
    }

    public int length() {
        return frames.size();
    }

    public SceneFrame frame(int frameInClip) {
        return frames.get(frameInClip);
    }
}
