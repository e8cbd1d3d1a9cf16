package dev.saccade.operators.diff;

import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.TileMask;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Packs a clip's per-frame changed tiles into the events' compact {@link ChangedTiles} bitmasks, and reads them. */
public final class TileMasks {
    private TileMasks() {}

    /**
     * The clip's changed tiles as bitmasks, one per frame with any tile changed; null where the clip carries no tiles
     * (built without a differencer, or by an older writer). Runs once per clip, never per frame.
     */
    public static ChangedTiles of(Clip clip) {
        if (clip.changedTiles == null || clip.tileColumns <= 0 || clip.tileRows <= 0) {
            return null;
        }
        int tiles = clip.tileColumns * clip.tileRows;
        List<TileMask> frames = new ArrayList<>();
        for (int i = 0; i < clip.changedTiles.length; i++) {
            byte[] perTile = clip.changedTiles[i];
            if (perTile == null || perTile.length != tiles) {
                continue;
            }
            byte[] bits = pack(perTile);
            if (bits != null) {
                frames.add(new TileMask(clip.sequences[i], ByteBuffer.wrap(bits)));
            }
        }
        return new ChangedTiles(
                clip.tileGridWidth, clip.tileGridHeight, clip.tileSize, clip.tileColumns, clip.tileRows, frames);
    }

    /** One byte per tile (non-zero: changed) to a bitmask, tile t at bit t % 8 of byte t / 8; null if none changed. */
    public static byte[] pack(byte[] perTile) {
        byte[] bits = null;
        for (int t = 0; t < perTile.length; t++) {
            if (perTile[t] != 0) {
                if (bits == null) {
                    bits = new byte[(perTile.length + 7) / 8];
                }
                bits[t >> 3] |= (byte) (1 << (t & 7));
            }
        }
        return bits;
    }

    /**
     * Null when {@code tiles} hold together (a grid that tiles its working frame, masks of the grid's size, at most
     * 65536 tiles); else the reason. Readers check before they allocate by a grid a producer named.
     */
    public static String problem(ChangedTiles tiles) {
        int w = tiles.getWidth();
        int h = tiles.getHeight();
        int s = tiles.getTileSize();
        if (w < 1 || h < 1 || s < 1 || w > 4096 || h > 4096) {
            return "changed-tile grid " + w + "x" + h + " in tiles of " + s + " is not a working frame";
        }
        if (tiles.getColumns() != (w + s - 1) / s || tiles.getRows() != (h + s - 1) / s) {
            return "changed-tile grid of " + tiles.getColumns() + "x" + tiles.getRows() + " tiles does not tile " + w
                    + "x" + h + " in tiles of " + s;
        }
        long count = (long) tiles.getColumns() * tiles.getRows();
        if (count > 65_536) {
            return "changed-tile grid of " + count + " tiles (at most 65536)";
        }
        for (TileMask m : tiles.getFrames()) {
            if (m.getChanged().remaining() != (count + 7) / 8) {
                return "a changed-tile mask of " + m.getChanged().remaining() + " bytes for " + count + " tiles";
            }
        }
        return null;
    }

    /** Whether tile {@code t} is set in a mask's bitmask. */
    public static boolean isChanged(TileMask mask, int t) {
        ByteBuffer b = mask.getChanged();
        int i = b.position() + (t >> 3);
        return t >= 0 && i < b.limit() && (b.get(i) & (1 << (t & 7))) != 0;
    }

    /** The union of every frame's mask: the tiles that changed anywhere in the clip, one boolean per tile. */
    public static boolean[] union(ChangedTiles tiles) {
        boolean[] any = new boolean[tiles.getColumns() * tiles.getRows()];
        for (TileMask m : tiles.getFrames()) {
            for (int t = 0; t < any.length; t++) {
                any[t] |= isChanged(m, t);
            }
        }
        return any;
    }

    /** The mask of one frame, or null where that frame had no changed tile (or is not in the clip). */
    public static TileMask forFrame(ChangedTiles tiles, long frameSequence) {
        for (TileMask m : tiles.getFrames()) {
            if (m.getFrameSequence() == frameSequence) {
                return m;
            }
        }
        return null;
    }

    /**
     * Tile {@code t}'s rectangle {x, y, w, h} in the pixels of a frame of {@code frameWidth} x {@code frameHeight}:
     * the working frame is the whole frame scaled, so the grid scales with it.
     */
    public static int[] rect(ChangedTiles tiles, int t, int frameWidth, int frameHeight) {
        int c = t % tiles.getColumns();
        int r = t / tiles.getColumns();
        int s = tiles.getTileSize();
        double sx = (double) frameWidth / tiles.getWidth();
        double sy = (double) frameHeight / tiles.getHeight();
        int x0 = (int) Math.round(c * s * sx);
        int y0 = (int) Math.round(r * s * sy);
        int x1 = (int) Math.round(Math.min((c + 1) * s, tiles.getWidth()) * sx);
        int y1 = (int) Math.round(Math.min((r + 1) * s, tiles.getHeight()) * sy);
        return new int[] {x0, y0, x1 - x0, y1 - y0};
    }
}
