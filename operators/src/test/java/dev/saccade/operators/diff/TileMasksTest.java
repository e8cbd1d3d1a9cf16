package dev.saccade.operators.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.clip.ClipBuilder;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameSummary;
import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.TileMask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileMasksTest {

    @Test
    void packSetsOneBitPerChangedTileAndNothingForAStillFrame() {
        byte[] perTile = new byte[20];
        perTile[0] = 1;
        perTile[9] = 1;
        perTile[19] = 1;
        byte[] bits = TileMasks.pack(perTile);
        assertThat(bits).containsExactly(0b1, 0b10, 0b1000);
        assertThat(TileMasks.pack(new byte[20])).isNull();
    }

    @Test
    void aClipsTilesBecomeOneMaskPerFrameThatChanged() {
        // a 40x24 working frame in tiles of 16: 3 columns (the last 8 px wide), 2 rows (the last 8 px high)
        List<FrameSummary> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FrameSummary f = new FrameSummary();
            f.sequence = 10 + i;
            f.captureTimeMs = 1_000 + i;
            f.changedTiles = new byte[6];
            frames.add(f);
        }
        frames.get(1).changedTiles[5] = 1;
        frames.get(2).changedTiles[0] = 1;
        frames.get(2).changedTiles[4] = 1;
        Clip clip = ClipBuilder.build("cam", frames, false);
        ClipBuilder.tileGrid(clip, 40, 24, 16);
        ChangedTiles tiles = TileMasks.of(clip);

        assertThat(TileMasks.problem(tiles)).isNull();
        assertThat(tiles.getColumns()).isEqualTo(3);
        assertThat(tiles.getRows()).isEqualTo(2);
        assertThat(tiles.getFrames()).extracting(TileMask::getFrameSequence).containsExactly(11L, 12L);
        TileMask second = TileMasks.forFrame(tiles, 12);
        assertThat(TileMasks.isChanged(second, 0)).isTrue();
        assertThat(TileMasks.isChanged(second, 4)).isTrue();
        assertThat(TileMasks.isChanged(second, 5)).isFalse();
        assertThat(TileMasks.forFrame(tiles, 10))
                .as("a still frame has no mask")
                .isNull();
        assertThat(TileMasks.union(tiles)).containsExactly(true, false, false, false, true, true);

        // on a 400x240 frame (10x the working frame) the partial last tiles stay partial
        assertThat(TileMasks.rect(tiles, 0, 400, 240)).containsExactly(0, 0, 160, 160);
        assertThat(TileMasks.rect(tiles, 5, 400, 240)).containsExactly(320, 160, 80, 80);
    }

    @Test
    void aClipWithoutTilesHasNone() {
        FrameSummary f = new FrameSummary();
        f.sequence = 1;
        Clip clip = ClipBuilder.build("cam", new ArrayList<>(List.of(f)), false);
        ClipBuilder.tileGrid(clip, 40, 24, 16);
        assertThat(TileMasks.of(clip)).isNull();
    }
}
