package dev.saccade.operators.types;

import dev.saccade.operators.diff.TileMasks;
import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import java.time.Instant;

/**
 * What every record about a clip says first, whichever stage wrote it: stream, clip id, sequences, capture times,
 * frame count, source frames (null where frames carried none), whether it was cut short and the differencing's changed
 * tiles (null where unknown). Built once from a {@link Clip} or from the
 * {@link FocusRequest} that carried it, and copied onto event and request builders.
 */
public record ClipHeader(
        String streamId,
        String clipId,
        long firstSequence,
        long lastSequence,
        Instant firstCaptureTime,
        Instant lastCaptureTime,
        int frameCount,
        Long sourceFirstFrame,
        Long sourceLastFrame,
        boolean partial,
        ChangedTiles changedTiles) {

    public static ClipHeader of(Clip clip) {
        return new ClipHeader(
                clip.streamId,
                clip.clipId,
                clip.firstSequence,
                clip.lastSequence,
                Instant.ofEpochMilli(clip.firstCaptureTimeMs),
                Instant.ofEpochMilli(clip.lastCaptureTimeMs),
                clip.frameCount(),
                clip.sourceFirstFrame >= 0 ? clip.sourceFirstFrame : null,
                clip.sourceLastFrame >= 0 ? clip.sourceLastFrame : null,
                clip.partial,
                TileMasks.of(clip));
    }

    public static ClipHeader of(FocusRequest r) {
        return new ClipHeader(
                r.getStreamId(),
                r.getClipId(),
                r.getFirstSequence(),
                r.getLastSequence(),
                r.getFirstCaptureTime(),
                r.getLastCaptureTime(),
                r.getFrameCount(),
                r.getSourceFirstFrame(),
                r.getSourceLastFrame(),
                r.getPartial(),
                r.getChangedTiles());
    }

    /** From the clip's last capture to {@code nowMs}, never negative: an event's processing latency. */
    public long latencyMs(long nowMs) {
        return Math.max(0, nowMs - lastCaptureTime.toEpochMilli());
    }

    /** The header fields set on an event builder. */
    public ClassifiedEvent.Builder applyTo(ClassifiedEvent.Builder b) {
        return b.setStreamId(streamId)
                .setClipId(clipId)
                .setFirstSequence(firstSequence)
                .setLastSequence(lastSequence)
                .setFirstCaptureTime(firstCaptureTime)
                .setLastCaptureTime(lastCaptureTime)
                .setFrameCount(frameCount)
                .setSourceFirstFrame(sourceFirstFrame)
                .setSourceLastFrame(sourceLastFrame)
                .setPartial(partial)
                .setChangedTiles(changedTiles);
    }

    /** The header fields set on a focus request builder. */
    public FocusRequest.Builder applyTo(FocusRequest.Builder b) {
        return b.setStreamId(streamId)
                .setClipId(clipId)
                .setFirstSequence(firstSequence)
                .setLastSequence(lastSequence)
                .setFirstCaptureTime(firstCaptureTime)
                .setLastCaptureTime(lastCaptureTime)
                .setFrameCount(frameCount)
                .setSourceFirstFrame(sourceFirstFrame)
                .setSourceLastFrame(sourceLastFrame)
                .setPartial(partial)
                .setChangedTiles(changedTiles);
    }
}
