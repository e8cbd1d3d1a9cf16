package dev.saccade.models.cost;

import ai.djl.ndarray.types.Shape;

/** A block that states its own multiply-accumulate count, for layers {@link MacCounter} cannot see into. */
public interface MacCounted {

    /**
     * MACs of one forward pass for these input shapes (batch dimension included), summed over the batch.
     *
     * <p>A container implementation may call {@link MacCounter#macs} on its children, never on itself
     * (that would recurse forever).
     */
    long macs(Shape[] inputShapes);
}
