package dev.saccade.models.eval;

import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.data.ClipData;

/** Sees each clip an eval scores with the cascade's decision, e.g. to keep a few as annotated samples. */
@FunctionalInterface
public interface ClipObserver {
    /** Ignores every clip. */
    ClipObserver NONE = (mode, clip, decision) -> {};

    /**
     * One clip's decision; called on the eval's own thread, while the clip's frames are still held.
     *
     * @param mode the row of the eval JSON the decision counts in (adaptive, adaptive_detector)
     */
    void decided(String mode, ClipData clip, AdaptiveCascade.Decision decision);
}
