package dev.saccade.models.data;

/**
 * A rendered clip: T+1 full-resolution BGR frames (the frame before the clip first, for the glance difference
 * channel), the box to look at in each frame (null where no object) and the label.
 */
public record ClipData(ClipRef ref, int width, int height, byte[][] frames, ObjectBox[] boxes, boolean[] active) {
    public int length() {
        return boxes.length;
    }

    public int label() {
        return ref.label();
    }
}
