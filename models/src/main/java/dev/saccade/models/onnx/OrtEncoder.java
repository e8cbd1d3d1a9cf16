package dev.saccade.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.FoldedEncoder.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * A folded encoder exported to ONNX ({@link EncoderOnnx}) and run by ONNX Runtime's CPU provider with every graph
 * optimisation (Conv+activation fusion included), one frame at a time: a dense baseline for skip-convolutions. The
 * input tensor wraps one direct buffer that each call overwrites, so no call allocates an input.
 */
public final class OrtEncoder implements AutoCloseable {
    /** How ONNX Runtime may use threads. */
    public enum Threads {
        /** One intra-op thread, sequential execution: what one operator subtask of the pipeline gets. */
        ONE,
        /** ONNX Runtime's defaults (an intra-op pool of one thread per physical core). */
        DEFAULT
    }

    private final OrtSession session;
    private final FloatBuffer input;
    private final OnnxTensor inputTensor;
    private final Map<String, OnnxTensor> feed;

    public OrtEncoder(FoldedEncoder encoder, int channels, int height, int width, Threads threads) {
        this(encoder.nodes(), channels, height, width, threads, false);
    }

    /**
     * A run of a folded encoder's nodes on (1, C, H, W) inputs, or with {@code hwc} on (1, H, W, C) inputs to
     * (1, H, W, C) outputs: how skip-convolutions hand the layers where sparsity does not pay to ONNX Runtime.
     */
    public OrtEncoder(List<Node> nodes, int channels, int height, int width, Threads threads, boolean hwc) {
        this(nodes, channels, height, width, threads, hwc, hwc);
    }

    /** As above, with the input's and the output's layout chosen apart (HWC or CHW each). */
    public OrtEncoder(
            List<Node> nodes, int channels, int height, int width, Threads threads, boolean hwcIn, boolean hwcOut) {
        this(nodes, channels, height, width, threads, hwcIn, hwcOut, 1);
    }

    /**
     * CHW frames in fixed batches of {@code batch} (a clip's frames in one call: one run's overhead, and ONNX Runtime's
     * convolutions work on larger blocks).
     */
    public OrtEncoder(FoldedEncoder encoder, int channels, int height, int width, Threads threads, int batch) {
        this(encoder.nodes(), channels, height, width, threads, false, false, batch);
    }

    private OrtEncoder(
            List<Node> nodes,
            int channels,
            int height,
            int width,
            Threads threads,
            boolean hwcIn,
            boolean hwcOut,
            int batch) {
        // DJL's engine creates the process's one environment with its global thread pools; take that one, never a
        // rival (a second getEnvironment with other options throws). Sessions keep their own pools, set below.
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads == Threads.ONE) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            }
            session = env.createSession(
                    EncoderOnnx.export(nodes, channels, height, width, hwcIn, hwcOut, batch), options);
            input = ByteBuffer.allocateDirect(batch * channels * height * width * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            long[] shape =
                    hwcIn ? new long[] {batch, height, width, channels} : new long[] {batch, channels, height, width};
            inputTensor = OnnxTensor.createTensor(env, input, shape);
            feed = Map.of(EncoderOnnx.INPUT, inputTensor);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the exported encoder: " + e.getMessage(), e);
        }
    }

    /** The output's shape less the batch dimension: (C, H, W), or (H, W, C) for HWC maps. */
    public long[] outputShape() {
        try {
            TensorInfo info = (TensorInfo)
                    session.getOutputInfo().values().iterator().next().getInfo();
            long[] s = info.getShape();
            return java.util.Arrays.copyOfRange(s, 1, s.length);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One frame's floats (a batch's, frames one after another) in the layout and size this encoder was built for, to
     * the output maps in the same layout.
     */
    public float[] forward(float[] chw) {
        input.clear();
        input.put(chw);
        try (OrtSession.Result r = session.run(feed)) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] map = new float[out.remaining()];
            out.get(map);
            return map;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        inputTensor.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
