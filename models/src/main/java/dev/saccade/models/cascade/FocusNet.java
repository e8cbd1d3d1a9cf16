package dev.saccade.models.cascade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.FoldedEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The focus network as the batcher runs it: f_L's pooled features of a batch of patches, and exit k's probabilities
 * from running maxima and clip representations. Float32 runs the bundle's blocks as they are (the results the
 * sequential cascade gives); float16 runs f_L with each batch norm folded into its conv, weights cast once
 * and kept on the device.
 */
public abstract sealed class FocusNet permits FocusNet.Float32, FocusNet.Half {
    /** The network of a focus model in a precision; half weights live in (and close with) the manager. */
    public static FocusNet of(FocusModel focus, NDManager manager, FocusPrecision precision) {
        if (precision == FocusPrecision.FLOAT32) {
            return new Float32(focus);
        }
        if (!manager.getDevice().isGpu()) {
            // the CPU engine's half convolutions are slow (and bfloat16 aborted the process there): GPUs only
            throw new IllegalArgumentException("focus precision " + precision.label() + " runs on a GPU only; the "
                    + "focus stage is on " + manager.getDevice());
        }
        return new Half(focus, manager, precision);
    }

    public abstract FocusPrecision precision();

    /** Pooled local features (B, 96) of float32 patches (B, 3, 64, 64), in the network's precision. */
    public abstract NDArray localFeatures(ParameterStore ps, NDArray patches);

    /** Exit k's (1-based) float32 probabilities from running maxima (N, 96) and float32 clip representations (N, 64). */
    public abstract NDArray exitProbabilities(ParameterStore ps, int k, NDArray runningMax, NDArray clip);

    /** The bundle's float32 blocks. */
    static final class Float32 extends FocusNet {
        private final FocusModel focus;

        Float32(FocusModel focus) {
            this.focus = focus;
        }

        @Override
        public FocusPrecision precision() {
            return FocusPrecision.FLOAT32;
        }

        @Override
        public NDArray localFeatures(ParameterStore ps, NDArray patches) {
            return focus.localFeatures(ps, patches, false);
        }

        @Override
        public NDArray exitProbabilities(ParameterStore ps, int k, NDArray runningMax, NDArray clip) {
            return focus.exitLogits(ps, k, runningMax, clip, false).softmax(1);
        }
    }

    /** f_L folded and cast to float16; softmax in float32, so probabilities compare with float32's. */
    static final class Half extends FocusNet {
        private final FocusPrecision precision;
        private final List<Object> nodes = new ArrayList<>();
        private final List<NDArray[]> exits = new ArrayList<>();

        /** A folded conv on the device: weight, bias, stride, padding, groups, activation. */
        private record Conv(NDArray weight, NDArray bias, int stride, int padding, int groups, FoldedEncoder.Act act) {}

        /** A residual of device convs. */
        private record Residual(List<Object> body, FoldedEncoder.Act act) {}

        Half(FocusModel focus, NDManager manager, FocusPrecision precision) {
            this.precision = precision;
            DataType type = precision.dataType();
            nodes.addAll(upload(FoldedEncoder.fold(focus.encoder()).nodes(), manager, type));
            for (int k = 1; k <= focus.steps(); k++) {
                Linear exit = focus.exit(k);
                NDArray w = exit.getParameters().get("weight").getArray();
                NDArray b = exit.getParameters().get("bias").getArray();
                exits.add(new NDArray[] {
                    cast(manager, w.toFloatArray(), w.getShape(), type),
                    cast(manager, b.toFloatArray(), b.getShape(), type)
                });
            }
        }

        private static List<Object> upload(List<FoldedEncoder.Node> folded, NDManager manager, DataType type) {
            List<Object> out = new ArrayList<>();
            for (FoldedEncoder.Node n : folded) {
                if (n instanceof FoldedEncoder.ConvLayer c) {
                    out.add(new Conv(
                            cast(manager, c.weight(), c.weightShape(), type),
                            cast(manager, c.bias(), new Shape(c.bias().length), type),
                            c.stride(),
                            c.padding(),
                            c.groups(),
                            c.act()));
                } else if (n instanceof FoldedEncoder.Residual r) {
                    out.add(new Residual(upload(r.body(), manager, type), r.act()));
                }
            }
            return out;
        }

        private static NDArray cast(NDManager manager, float[] values, Shape shape, DataType type) {
            NDArray f = manager.create(values, shape);
            NDArray h = f.toType(type, false);
            f.close();
            return h;
        }

        @Override
        public FocusPrecision precision() {
            return precision;
        }

        @Override
        public NDArray localFeatures(ParameterStore ps, NDArray patches) {
            return run(nodes, patches.toType(precision.dataType(), false))
                    .mean(new int[] {3})
                    .mean(new int[] {2});
        }

        private static NDArray run(List<Object> nodes, NDArray x) {
            for (Object n : nodes) {
                if (n instanceof Conv c) {
                    NDArray y = Conv2d.conv2d(
                                    x,
                                    c.weight(),
                                    c.bias(),
                                    new Shape(c.stride(), c.stride()),
                                    new Shape(c.padding(), c.padding()),
                                    new Shape(1, 1),
                                    c.groups())
                            .singletonOrThrow();
                    x = FoldedEncoder.activate(y, c.act());
                } else if (n instanceof Residual r) {
                    x = FoldedEncoder.activate(run(r.body(), x).add(x), r.act());
                }
            }
            return x;
        }

        @Override
        public NDArray exitProbabilities(ParameterStore ps, int k, NDArray runningMax, NDArray clip) {
            NDArray[] wb = exits.get(k - 1);
            NDArray in = runningMax.concat(clip.toType(precision.dataType(), false), 1);
            return Linear.linear(in, wb[0], wb[1])
                    .singletonOrThrow()
                    .toType(DataType.FLOAT32, false)
                    .softmax(1);
        }
    }
}
