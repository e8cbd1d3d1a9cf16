package dev.saccade.operators.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.TileMask;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipHeaderTest {

    @Test
    void aFocusRequestsChangedTilesPassOnToTheEventTheFocusStageWrites() {
        ChangedTiles tiles =
                new ChangedTiles(32, 16, 16, 2, 1, List.of(new TileMask(5L, ByteBuffer.wrap(new byte[] {2}))));
        FocusRequest r = FocusRequest.newBuilder()
                .setStreamId("cam")
                .setClipId("cam:0")
                .setFirstSequence(0)
                .setLastSequence(7)
                .setFirstCaptureTime(Instant.ofEpochMilli(0))
                .setLastCaptureTime(Instant.ofEpochMilli(700))
                .setFrameCount(8)
                .setClipFeatures(List.of())
                .setGlanceProbabilities(List.of())
                .setGlanceGmacs(0)
                .setDenseGmacs(0)
                .setModelVersion("v")
                .setPatches(List.of())
                .setChangedTiles(tiles)
                .build();
        ClipHeader header = ClipHeader.of(r);
        assertThat(header.changedTiles()).isEqualTo(tiles);
        ClassifiedEvent.Builder b = header.applyTo(ClassifiedEvent.newBuilder());
        assertThat(b.getChangedTiles()).isEqualTo(tiles);
        assertThat(header.applyTo(FocusRequest.newBuilder()).getChangedTiles()).isEqualTo(tiles);
    }
}
