package dev.saccade.datasets.footage;

import java.util.ArrayList;
import java.util.List;

/**
 * Associates detections across consecutive frames into tracks: greedy by IoU within a class group, a track ending
 * after {@code maxMissed} frames without a match. Tracks make counts and the boxes the policy should follow stable.
 */
public final class BoxTracker {
    private final double minIou;
    private final int maxMissed;
    private final List<Track> live = new ArrayList<>();
    private int nextId = 1;

    private static final class Track {
        final int id;
        TeacherBox last;
        int missed;

        Track(int id, TeacherBox last) {
            this.id = id;
            this.last = last;
        }
    }

    public BoxTracker(double minIou, int maxMissed) {
        this.minIou = minIou;
        this.maxMissed = maxMissed;
    }

    /** The frame's boxes with track ids set, in the order given. */
    public List<TeacherBox> next(List<TeacherBox> boxes) {
        TeacherBox[] out = boxes.toArray(new TeacherBox[0]);
        boolean[] trackUsed = new boolean[live.size()];
        boolean[] boxUsed = new boolean[out.length];
        while (true) {
            double best = minIou;
            int bestTrack = -1;
            int bestBox = -1;
            for (int t = 0; t < live.size(); t++) {
                for (int b = 0; b < out.length; b++) {
                    if (trackUsed[t] || boxUsed[b] || !live.get(t).last.group().equals(out[b].group())) {
                        continue;
                    }
                    double iou = live.get(t).last.box().iou(out[b].box());
                    if (iou >= best) {
                        best = iou;
                        bestTrack = t;
                        bestBox = b;
                    }
                }
            }
            if (bestTrack < 0) {
                break;
            }
            trackUsed[bestTrack] = true;
            boxUsed[bestBox] = true;
            Track track = live.get(bestTrack);
            out[bestBox] = out[bestBox].withTrack(track.id);
            track.last = out[bestBox];
            track.missed = 0;
        }
        for (int t = live.size() - 1; t >= 0; t--) {
            if (!trackUsed[t] && ++live.get(t).missed > maxMissed) {
                live.remove(t);
            }
        }
        for (int b = 0; b < out.length; b++) {
            if (!boxUsed[b]) {
                out[b] = out[b].withTrack(nextId++);
                live.add(new Track(out[b].track(), out[b]));
            }
        }
        return List.of(out);
    }
}
