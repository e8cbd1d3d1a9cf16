package dev.saccade.operators.ingest;

import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import java.util.List;

/** Checks a decoded focus request holds together before the focus stage spends a batch slot (or a crash) on it. */
final class RequestChecks {
    private RequestChecks() {}

    /** Null when {@code r} is usable; else the reason. {@code shape} null checks only what needs no bundle. */
    static String problem(FocusRequest r, RequestShape shape) {
        String stream = r.getStreamId().toString();
        if (stream.isBlank()) {
            return "focus request without a stream id";
        }
        if (!r.getClipId().toString().equals(stream + ":" + r.getFirstSequence())) {
            return "clip id '" + r.getClipId() + "' is not stream id:first sequence (" + stream + ":"
                    + r.getFirstSequence() + ")";
        }
        long span = r.getLastSequence() - r.getFirstSequence() + 1;
        if (span < 1 || r.getFrameCount() < 1 || r.getFrameCount() > span) {
            return "sequences " + r.getFirstSequence() + ".." + r.getLastSequence() + " cannot hold "
                    + r.getFrameCount() + " frames";
        }
        if (r.getPatches().isEmpty()) {
            return "focus request without patches";
        }
        for (FocusPatch p : r.getPatches()) {
            int size = p.getSize();
            if (size < 1 || size > 4096) {
                return "patch size " + size + " is not between 1 and 4096";
            }
            long expected = 3L * size * size;
            if (p.getBgr().remaining() != expected) {
                return "a " + size + "x" + size + " patch needs " + expected + " BGR bytes but has "
                        + p.getBgr().remaining();
            }
        }
        if (r.getChangedTiles() != null) {
            String tiles = dev.saccade.operators.diff.TileMasks.problem(r.getChangedTiles());
            if (tiles != null) {
                return tiles;
            }
        }
        if (!finite(r.getClipFeatures()) || !finite(r.getGlanceProbabilities())) {
            return "clip features or glance probabilities hold NaN or infinity";
        }
        return shape == null ? null : shape.mismatch(r);
    }

    private static boolean finite(List<Float> values) {
        for (Float v : values) {
            if (v == null || !Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
