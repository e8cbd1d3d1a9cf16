package dev.saccade.datasets.footage;

import dev.saccade.models.data.ClassGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a clip's label follows from the teacher's detections on its frames. A group (person, vehicle) is present when at
 * least {@code minFrames} of the clip's frames hold a box of it scoring at least {@code minScore}, so a detection that
 * flickers into one frame does not change the label. The count of a group is the largest n such that at least
 * {@code minFrames} frames hold n or more of its boxes. The box the policy should look at in a frame is the smallest
 * box of a present group: small objects are what the glance cannot resolve and the patches are for.
 */
public record ClipRule(int minFrames, float minScore) {
    /** Present in 3 of 8 frames at score 0.35 or more. */
    public static ClipRule forClipLength(int t) {
        return new ClipRule(Math.max(2, (int) Math.ceil(t * 0.375)), 0.35f);
    }

    public TeacherClip apply(int clip, List<TeacherFrame> frames) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String group : ClassGroups.GROUPS) {
            counts.put(group, count(frames, group));
        }
        int label = ClassGroups.label(counts.get(ClassGroups.PERSON) > 0, counts.get(ClassGroups.VEHICLE) > 0);
        List<TeacherBox> focus = new ArrayList<>();
        for (TeacherFrame f : frames) {
            TeacherBox smallest = null;
            for (TeacherBox b : f.boxes()) {
                if (b.score() >= minScore
                        && counts.get(b.group()) > 0
                        && (smallest == null || b.box().area() < smallest.box().area())) {
                    smallest = b;
                }
            }
            focus.add(smallest);
        }
        return new TeacherClip(
                clip,
                frames.get(0).index(),
                frames.get(frames.size() - 1).index(),
                ClassGroups.LABELS.get(label),
                counts,
                focus);
    }

    private int count(List<TeacherFrame> frames, String group) {
        int[] perFrame = new int[frames.size()];
        for (int i = 0; i < perFrame.length; i++) {
            for (TeacherBox b : frames.get(i).boxes()) {
                if (b.group().equals(group) && b.score() >= minScore) {
                    perFrame[i]++;
                }
            }
        }
        int n = 0;
        while (true) {
            int frames_ = 0;
            for (int c : perFrame) {
                if (c >= n + 1) {
                    frames_++;
                }
            }
            if (frames_ < minFrames) {
                return n;
            }
            n++;
        }
    }
}
