package dev.saccade.operators.adaptive;

import ai.djl.Device;
import dev.saccade.operators.OperatorOptions;
import java.util.List;

/**
 * Picks the device a focus subtask runs on. Flink hands every operator of a TaskManager the same GPU indices, so the
 * subtask picks one of them by its own index.
 */
public final class FocusDevices {
    private FocusDevices() {}

    /**
     * @param assigned GPU indices from the TaskManager's {@code gpu} external resource (empty when none is configured)
     * @param engineGpus GPUs the engine can use in this process
     */
    public static Device choose(OperatorOptions.Device wanted, List<Integer> assigned, int subtask, int engineGpus) {
        if (wanted == OperatorOptions.Device.CPU || wanted == OperatorOptions.Device.AUTO && engineGpus == 0) {
            return Device.cpu();
        }
        if (engineGpus == 0) {
            throw new IllegalStateException("saccade.focus.device is gpu but the PyTorch engine sees no GPU in this "
                    + "TaskManager (CPU-only natives, or no CUDA device); use auto or cpu");
        }
        int index = assigned.isEmpty() ? subtask % engineGpus : assigned.get(subtask % assigned.size());
        if (index >= engineGpus) {
            throw new IllegalStateException(
                    "the TaskManager advertises GPU " + index + " but the engine sees only " + engineGpus);
        }
        return Device.gpu(index);
    }
}
