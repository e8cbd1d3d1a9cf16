package dev.saccade.operators.diff;

/** How much each tile of a frame changed since the previous frame. */
public record TileChange(
        int cols,
        int rows,
        byte[] changed,
        double[] tileDiff,
        double changedFraction,
        double meanAbsDiff,
        boolean sceneCut) {}
