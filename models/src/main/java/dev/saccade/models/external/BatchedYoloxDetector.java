package dev.saccade.models.external;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.external.onnx.NdGraph;
import dev.saccade.models.external.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The same YOLOX ONNX export as {@link YoloxDetector}, run through PyTorch in batches of frames on the CPU or a GPU:
 * the graph is read from the ONNX file and executed operator by operator ({@link NdGraph}) with a free batch
 * dimension, which the fixed-shape export does not give ONNX Runtime. Pre- and post-processing are
 * {@link YoloxDetector}'s. Not thread-safe: one instance per thread.
 */
public final class BatchedYoloxDetector implements BatchDetector {
    private final NDManager device;
    private final NdGraph graph;
    private final ImagePreprocessor preprocessor;
    private final YoloxOutputs outputs;
    private final Device target;

    private BatchedYoloxDetector(
            OnnxModel model, ExternalModelSpec spec, List<String> labels, float score, float iou, Device target) {
        Inference.configureInferenceThread();
        this.target = target;
        this.device = Inference.newManager(target);
        try {
            this.graph = new NdGraph(model, device);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        this.preprocessor = new ImagePreprocessor(spec);
        this.outputs = new YoloxOutputs(spec, labels, score, iou);
    }

    /** Loads the ONNX file {@code spec} names and places its weights on {@code target} (a CPU or a GPU). */
    public static BatchedYoloxDetector load(
            ExternalModelSpec spec, Path baseDir, float scoreThreshold, float iouThreshold, Device target)
            throws IOException {
        YoloxDetector.checkThresholds(scoreThreshold, iouThreshold);
        spec.validateFiles(baseDir);
        if (spec.dtype() != ExternalModelSpec.TensorType.FLOAT32) {
            throw new IllegalArgumentException("the batched detector runs float32 exports only");
        }
        Path labelsFile = spec.labelsFile(baseDir);
        List<String> labels = labelsFile == null ? List.of() : LabelFile.read(labelsFile);
        OnnxModel model = OnnxModel.read(spec.modelFile(baseDir));
        long[] dims =
                model.feeds().isEmpty() ? new long[0] : model.feeds().get(0).dims();
        if (dims.length != 4
                || dims[2] > 0 && dims[2] != spec.inputHeight()
                || dims[3] > 0 && dims[3] != spec.inputWidth()) {
            throw new IllegalArgumentException("spec declares input 3x" + spec.inputHeight() + "x" + spec.inputWidth()
                    + " but " + spec.modelFile(baseDir) + " expects " + Arrays.toString(dims));
        }
        return new BatchedYoloxDetector(model, spec, labels, scoreThreshold, iouThreshold, target);
    }

    /** The device the network runs on. */
    public Device device() {
        return target;
    }

    @Override
    public String describe() {
        return "pytorch " + (target.isGpu() ? "gpu" + target.getDeviceId() : "cpu");
    }

    /** Objects in each BGR24 frame of {@code frames}, in order, best first within each class; one forward pass. */
    @Override
    public List<List<Detection>> detect(List<BgrImage> frames) {
        if (frames.isEmpty()) {
            return List.of();
        }
        try (NDManager onDevice = device.newSubManager()) {
            NDList inputs = new NDList(frames.size());
            List<InputLayout> layouts = new ArrayList<>(frames.size());
            for (BgrImage frame : frames) {
                layouts.add(preprocessor.layout(frame));
                inputs.add(preprocessor.toInputOnDevice(onDevice, frame));
            }
            NDArray x = inputs.size() == 1 ? inputs.get(0) : NDArrays.concat(inputs, 0);
            NDArray out = graph.forward(x);
            float[] raw = out.getDataType() == DataType.FLOAT32
                    ? out.toFloatArray()
                    : out.toType(DataType.FLOAT32, false).toFloatArray();
            int per = raw.length / frames.size();
            List<List<Detection>> detections = new ArrayList<>(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                detections.add(outputs.detections(Arrays.copyOfRange(raw, i * per, (i + 1) * per), layouts.get(i)));
            }
            return detections;
        }
    }

    @Override
    public void close() {
        try {
            graph.close();
        } finally {
            device.close();
        }
    }
}
