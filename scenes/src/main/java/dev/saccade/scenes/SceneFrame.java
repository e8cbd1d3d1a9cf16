package dev.saccade.scenes;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One rendered frame with its ground truth. {@code bgr} is {@code width*height*3} bytes, row-major, B,G,R order; it is
 * not copied (a frame costs one allocation), so treat it as read-only. equals/hashCode compare pixel contents.
 *
 * @param sequence position in the stream: {@code clipIndex * clipLength + frameInClip}
 * @param objectBoxes boxes of the moving objects in this frame, clipped to the frame; empty when none is visible
 * @param eventActive true on frames where the labelled event's motion is happening
 * @param distractor true when this frame's clip has distractor motion (not part of the label)
 */
public record SceneFrame(
        long sequence,
        int clipIndex,
        int frameInClip,
        EventClass label,
        int width,
        int height,
        byte[] bgr,
        List<Box> objectBoxes,
        boolean eventActive,
        boolean distractor) {
    public SceneFrame {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(bgr, "bgr");
        if (width <= 0 || height <= 0 || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("bgr must hold width*height*3 = " + (width * height * 3) + " bytes for "
                    + width + "x" + height + ", has " + bgr.length);
        }
        objectBoxes = List.copyOf(objectBoxes);
    }

    /** Blue, green or red (channel 0, 1, 2) value at a pixel, 0..255. */
    public int channel(int x, int y, int c) {
        return bgr[(y * width + x) * 3 + c] & 0xff;
    }

    /** BT.601 luma at a pixel, 0..255. */
    public int luma(int x, int y) {
        int i = (y * width + x) * 3;
        return (29 * (bgr[i] & 0xff) + 150 * (bgr[i + 1] & 0xff) + 77 * (bgr[i + 2] & 0xff) + 128) >> 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SceneFrame f
                && sequence == f.sequence
                && clipIndex == f.clipIndex
                && frameInClip == f.frameInClip
                && label == f.label
                && width == f.width
                && height == f.height
                && eventActive == f.eventActive
                && distractor == f.distractor
                && objectBoxes.equals(f.objectBoxes)
                && Arrays.equals(bgr, f.bgr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                                sequence,
                                clipIndex,
                                frameInClip,
                                label,
                                width,
                                height,
                                objectBoxes,
                                eventActive,
                                distractor)
                        * 31
                + Arrays.hashCode(bgr);
    }

    // The default would print 230 KB of pixels.
    @Override
    public String toString() {
        return "SceneFrame[sequence=" + sequence + ", clip=" + clipIndex + ", frame=" + frameInClip + ", label="
                + label.label() + ", " + width + "x" + height + ", boxes=" + objectBoxes + ", eventActive="
                + eventActive
                + ", distractor=" + distractor + "]";
    }
}
