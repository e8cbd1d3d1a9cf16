package dev.saccade.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Small NDArray helpers the networks share. */
final class Tensors {
    private Tensors() {}

    /** Concatenates along axis 1. */
    static NDArray concat(NDArray... parts) {
        return NDArrays.concat(new NDList(parts), 1);
    }
}
