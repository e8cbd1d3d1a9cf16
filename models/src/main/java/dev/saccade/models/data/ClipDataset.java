package dev.saccade.models.data;

import java.util.List;
import java.util.Map;

/**
 * Labelled clips that training, calibration and evaluation read: the synthetic scenes are one implementation, real
 * footage labelled by a teacher detector another. A clip is T+1 BGR frames (the frame before the clip first).
 */
public interface ClipDataset {
    /** Short name for bundle versions and reports, e.g. {@code synthetic} or {@code footage}. */
    String name();

    /** The label vocabulary; a clip's label is an index into it. */
    List<String> labels();

    /** Frames per clip (T). */
    int clipLength();

    /** Width of the frames, in pixels; clips may differ where sources do, this is the nominal one. */
    int width();

    /** Height of the frames, in pixels. */
    int height();

    /** The clips of one split, in a fixed order. */
    List<ClipRef> clips(Split split);

    /** The frames, boxes and label of a clip; safe to call from several threads. */
    ClipData load(ClipRef ref);

    /**
     * {@code clips} training clips with equal shares per class from the first {@code sources} sources, for the dense
     * baseline; by default the head of the training split.
     */
    default List<ClipRef> balancedTrainingClips(int sources, int clips) {
        List<ClipRef> train = clips(Split.TRAIN);
        return train.subList(0, Math.min(train.size(), clips));
    }

    /** Where the clips come from, for the bundle manifest: sources and their hashes, labelling settings. */
    default Map<String, Object> provenance() {
        return Map.of("workload", name());
    }

    /** The groups whose objects the dataset counts per clip (none by default). */
    default List<String> countGroups() {
        return List.of();
    }

    /** How many objects of each of {@link #countGroups()} the clip holds, in that order. */
    default int[] counts(ClipRef ref) {
        throw new UnsupportedOperationException(name() + " has no counts");
    }
}
