package dev.saccade.models.external;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns a BGR24 frame into a model input tensor [1, 3, H, W] as an {@link ExternalModelSpec} declares: resize
 * (stretch or letterbox), channel order, pixel scale, mean/std, dtype. Stateless; call from a translator so every
 * array lives in the per-call translator context.
 */
public final class ImagePreprocessor {

    private final ExternalModelSpec spec;
    private final float[] multiplier = new float[3];
    private final float[] offset = new float[3];
    private final boolean identityNormalisation;

    public ImagePreprocessor(ExternalModelSpec spec) {
        this.spec = spec;
        boolean identity = true;
        for (int c = 0; c < 3; c++) {
            // (x * pixelScale - mean) / std folded into one multiply-add per element.
            double std = spec.std().get(c);
            multiplier[c] = (float) (spec.pixelScale() / std);
            offset[c] = (float) (-spec.mean().get(c) / std);
            identity &= multiplier[c] == 1f && offset[c] == 0f;
        }
        identityNormalisation = identity;
    }

    /** Where {@code image} will land in the model input. */
    public InputLayout layout(BgrImage image) {
        return InputLayout.of(spec.resize(), image.width(), image.height(), spec.inputWidth(), spec.inputHeight());
    }

    /** The input tensor [1, 3, inputHeight, inputWidth] for {@code image}, created in {@code manager}. */
    public NDArray toInput(NDManager manager, BgrImage image) {
        // Float before resizing, so interpolation does not round through uint8. Converted here rather than with
        // toType(): ONNX Runtime arrays implement toType() in Java with one boxed Number per element, far slower
        // (docs/measurements.md).
        byte[] bgr = image.bgr();
        float[] pixels = new float[bgr.length];
        for (int i = 0; i < bgr.length; i++) {
            pixels[i] = bgr[i] & 0xFF;
        }
        NDArray hwc = manager.create(pixels, new Shape(image.height(), image.width(), 3));
        return fromHwc(manager, hwc, image, false);
    }

    /**
     * As {@link #toInput}, for a PyTorch manager on any device: the frame's bytes go to the device as they are and
     * become float there (the same values: every byte is exact in float32), so a GPU converts, resizes and pads.
     */
    public NDArray toInputOnDevice(NDManager manager, BgrImage image) {
        ByteBuffer bytes = manager.allocateDirect(image.bgr().length);
        bytes.put(image.bgr()).rewind();
        NDArray hwc = manager.create(bytes, new Shape(image.height(), image.width(), 3), DataType.UINT8)
                .toType(DataType.FLOAT32, false);
        return fromHwc(manager, hwc, image, true);
    }

    private NDArray fromHwc(NDManager manager, NDArray hwc, BgrImage image, boolean engineFill) {
        InputLayout layout = layout(image);
        if (layout.scaledWidth() != image.width() || layout.scaledHeight() != image.height()) {
            hwc = NDImageUtils.resize(
                    hwc,
                    layout.scaledWidth(),
                    layout.scaledHeight(),
                    spec.interpolation().toDjl());
        }
        if (layout.padded()) {
            hwc = pad(hwc, layout, engineFill);
        }
        if (spec.channelOrder() == ExternalModelSpec.ChannelOrder.RGB) {
            hwc = hwc.flip(2);
        }
        if (!identityNormalisation) {
            NDManager m = hwc.getManager();
            hwc = hwc.mul(m.create(multiplier)).add(m.create(offset));
        }
        NDArray nchw = hwc.transpose(2, 0, 1).expandDims(0);
        return spec.dtype() == ExternalModelSpec.TensorType.FLOAT16
                ? inDirectMemory(manager, nchw.toType(DataType.FLOAT16, false))
                : nchw;
    }

    /**
     * Re-creates a tensor in {@code manager} from a direct buffer. ONNX Runtime 1.21's Java API casts a heap
     * ByteBuffer of FLOAT16 to ShortBuffer and fails, and heap is what DJL hands it for arrays of another engine.
     */
    private static NDArray inDirectMemory(NDManager manager, NDArray array) {
        ByteBuffer bytes = array.toByteBuffer();
        ByteBuffer direct = manager.allocateDirect(bytes.remaining());
        direct.put(bytes).rewind();
        return manager.create(direct, array.getShape(), array.getDataType());
    }

    private NDArray pad(NDArray hwc, InputLayout layout, boolean engineFill) {
        NDArray rows = hwc;
        int right = layout.inputWidth() - layout.scaledWidth();
        if (right > 0) {
            rows = NDArrays.concat(
                    new NDList(rows, filled(hwc.getManager(), layout.scaledHeight(), right, engineFill)), 1);
        }
        int bottom = layout.inputHeight() - layout.scaledHeight();
        if (bottom > 0) {
            rows = NDArrays.concat(
                    new NDList(rows, filled(hwc.getManager(), bottom, layout.inputWidth(), engineFill)), 0);
        }
        return rows;
    }

    /** A padding block: built from a Java array for ONNX Runtime's NDManager, which supports create() not full(). */
    private NDArray filled(NDManager manager, int height, int width, boolean engineFill) {
        if (engineFill) {
            return manager.full(new Shape(height, width, 3), spec.padValue());
        }
        float[] values = new float[height * width * 3];
        Arrays.fill(values, spec.padValue());
        return manager.create(values, new Shape(height, width, 3));
    }
}
