package dev.saccade.models.skipconv;

import java.util.Arrays;

/**
 * The frame being run: per buffer which positions changed (a list, or "all of them", with a stamp per position so a
 * position is listed once per frame without clearing anything between frames), and the gates' work arrays.
 */
final class FrameWorkspace {
    /** The first layer's opened input positions. */
    final int[] openedInputs;
    /** The gates' weighted residuals. */
    final float[] weighted;
    /** The first layer found this frame moving nearly everywhere and ran it densely. */
    boolean wholeFrameDense;

    private final int[][] lists;
    private final int[] counts;
    private final boolean[] all;
    private final int[][] stamps;
    private int frame;

    FrameWorkspace(LayerPlan plan, int gateScratch) {
        openedInputs = new int[plan.positions(0)];
        weighted = new float[gateScratch];
        int buffers = plan.buffers();
        lists = new int[buffers][];
        counts = new int[buffers];
        all = new boolean[buffers];
        stamps = new int[buffers][];
        for (int b = 0; b < buffers; b++) {
            lists[b] = new int[plan.positions(b)];
            stamps[b] = new int[plan.positions(b)];
        }
    }

    /** Starts a frame: a new stamp value, and the network input changed everywhere. */
    void nextFrame() {
        wholeFrameDense = false;
        frame++;
        if (frame == Integer.MAX_VALUE) {
            // the stamps of long-gone frames would collide with the restarted count
            frame = 1;
            for (int[] s : stamps) {
                Arrays.fill(s, 0);
            }
        }
        setAll(0, lists[0].length);
    }

    /** The stamp value of the frame being run. */
    int stampValue() {
        return frame;
    }

    int[] stamps(int buffer) {
        return stamps[buffer];
    }

    int[] list(int buffer) {
        return lists[buffer];
    }

    int count(int buffer) {
        return counts[buffer];
    }

    boolean all(int buffer) {
        return all[buffer];
    }

    /** The buffer changed everywhere; {@code count} is its position count. */
    void setAll(int buffer, int count) {
        all[buffer] = true;
        counts[buffer] = count;
    }

    /** The buffer changed at the first {@code count} positions of its list. */
    void setListed(int buffer, int count) {
        all[buffer] = false;
        counts[buffer] = count;
    }
}
