package dev.saccade.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.saccade.models.net.FoldedEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
            session = env.createSession(EncoderOnnx.export(encoder, channels, height, width), options);
            input = ByteBuffer.allocateDirect(channels * height * width * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, channels, height, width});
            feed = Map.of(EncoderOnnx.INPUT, inputTensor);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the exported encoder: " + e.getMessage(), e);
        }
    }

    /** One frame, CHW floats of the size this encoder was built for, to the output map as CHW floats. */
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
