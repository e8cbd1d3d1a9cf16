package dev.saccade.models.bundle;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.models.cascade.FocusNet;
import dev.saccade.models.cascade.FocusPrecision;
import dev.saccade.models.engine.CpuFacts;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.engine.OneDnnGuard;
import dev.saccade.models.engine.ReferenceNetwork;
import dev.saccade.models.engine.ReferenceOps;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.net.TemporalHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The bundle's golden outputs: a few seeded inputs per network and the outputs the bundle's own networks give on them
 * in float64, written with the bundle ({@code golden.json}); every load runs the float32 networks on the same inputs
 * and refuses a bundle whose outputs differ by more than float32 rounding allows (see {@link #tolerance}), naming the
 * CPU, the engine, the network and the error. Catches wrong engine kernels on a machine before they give wrong labels.
 */
public final class BundleSelfCheck {
    public static final String FILE = "golden.json";
    /** The seed of the golden inputs; the inputs are regenerated from it, not stored. */
    public static final long SEED = 424242L;
    /** Clips in the glance network's golden batch. */
    static final int GLANCE_CLIPS = 8;
    /** System property: {@code warn} logs a failed self-check instead of refusing the bundle. */
    public static final String MODE = "saccade.self-check";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BundleSelfCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleSelfCheck() {}

    /** golden.json: per network, the probabilities the float64 networks gave on the seeded inputs. */
    public record Golden(
            @JsonProperty("seed") long seed,
            @JsonProperty("inputs") String inputs,
            @JsonProperty("outputs") Map<String, List<Double>> outputs) {}

    /** One network's result: the largest absolute error of its probabilities against the float64 ones. */
    public record NetworkResult(String network, double error, double tolerance, boolean ok) {}

    /** The whole self-check and where it ran. */
    public record Report(boolean ok, List<NetworkResult> networks, String cpu, String engine, String onednn) {
        /** The message a refused bundle fails with. */
        public String failure(Path dir) {
            StringBuilder sb = new StringBuilder("model self-check failed: bundle " + dir + " on CPU " + cpu
                    + ", engine " + engine + ", " + onednn + ":");
            for (NetworkResult r : networks) {
                if (!r.ok()) {
                    sb.append(" network ")
                            .append(r.network())
                            .append(" differs from its float64 golden outputs by ")
                            .append(String.format("%.3g", r.error()))
                            .append(" (tolerance ")
                            .append(String.format("%.3g", r.tolerance()))
                            .append(");");
                }
            }
            return sb.append(" the engine's kernels compute wrong results here; see README, Same answers on every CPU")
                    .toString();
        }
    }

    /** Thrown when a bundle's networks miss their golden outputs on this machine. */
    public static final class SelfCheckFailed extends IOException {
        private final Report report;

        SelfCheckFailed(String message, Report report) {
            super(message);
            this.report = report;
        }

        public Report report() {
            return report;
        }
    }

    /** The built-in networks of the bundle in {@code dir} with float64 parameters: the reference the checks use. */
    public static CascadeNets loadFloat64(Path dir) throws IOException {
        BundleManifest m = ModelBundle.readManifest(dir);
        CascadeNets nets = CascadeNets.load(
                dir, m.labels().size(), m.clipLength(), m.policy().focusSteps(), ExternalRoles.declared(m), null);
        try {
            toFloat64(nets.glance().getBlock());
            toFloat64(nets.focus().getBlock());
            toFloat64(nets.dense().getBlock());
            return nets;
        } catch (IOException | RuntimeException e) {
            nets.close();
            throw e;
        }
    }

    /** Computes the golden outputs of the bundle in {@code dir} in float64 and writes {@link #FILE} there. */
    public static Golden write(Path dir) throws IOException {
        Set<String> external = ExternalRoles.declared(ModelBundle.readManifest(dir));
        Map<String, List<Double>> outputs = new LinkedHashMap<>();
        try (CascadeNets nets = loadFloat64(dir)) {
            for (Map.Entry<String, double[]> e :
                    run(nets, external, DataType.FLOAT64).entrySet()) {
                List<Double> values = new ArrayList<>();
                for (double d : e.getValue()) {
                    values.add(d);
                }
                outputs.put(e.getKey(), values);
            }
        }
        Golden g = new Golden(
                SEED, "uniform [0,1) from SplittableRandom(seed) per network, in BundleSelfCheck.inputs", outputs);
        JSON.writeValue(dir.resolve(FILE).toFile(), g);
        return g;
    }

    /**
     * Replaces every parameter of a block with its float64 copy. DJL's {@code Block.cast} is not implemented and
     * {@code Parameter.setArray} refuses an initialised parameter, so the array field is set directly.
     */
    private static void toFloat64(ai.djl.nn.Block block) throws IOException {
        try {
            java.lang.reflect.Field array = ai.djl.nn.Parameter.class.getDeclaredField("array");
            array.setAccessible(true);
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                array.set(p.getValue(), a.toType(DataType.FLOAT64, true));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot make a float64 copy of the networks: " + e, e);
        }
    }

    /** Runs the check on loaded networks; a bundle without golden outputs gives null (nothing to check). */
    public static Report check(Path dir, CascadeNets nets, Set<String> external) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Golden golden = JSON.readValue(file.toFile(), Golden.class);
        Map<String, double[]> actual = run(nets, external, DataType.FLOAT32);
        boolean gpu = nets.glance().getNDManager().getDevice().isGpu();
        List<NetworkResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : golden.outputs().entrySet()) {
            double[] got = actual.get(e.getKey());
            double tol = tolerance(nets, e.getKey(), gpu);
            double err = got == null || got.length != e.getValue().size() ? Double.POSITIVE_INFINITY : 0;
            for (int i = 0; got != null && i < got.length && i < e.getValue().size(); i++) {
                double d = Math.abs(got[i] - e.getValue().get(i));
                err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(err, d);
            }
            results.add(new NetworkResult(e.getKey(), err, tol, err <= tol));
        }
        Engine engine = Engine.getEngine(CascadeNets.ENGINE);
        return new Report(
                results.stream().allMatch(NetworkResult::ok),
                results,
                CpuFacts.read().describe(),
                engine.getEngineName() + " " + engine.getVersion() + " on "
                        + nets.glance().getNDManager().getDevice(),
                OneDnnGuard.ensure().describe());
    }

    /**
     * As {@link #check}, failing with the report's message when a network misses. With {@code -D}{@value #MODE}
     * {@code =warn} a miss is only logged: for timing a faulty engine setting against the fixed one, never for serving.
     */
    public static Report verify(Path dir, CascadeNets nets, Set<String> external) throws IOException {
        Report r = check(dir, nets, external);
        if (r != null && !r.ok()) {
            if ("warn".equals(System.getProperty(MODE))) {
                LOG.error("{} ({}=warn: continuing)", r.failure(dir), MODE);
                return r;
            }
            throw new SelfCheckFailed(r.failure(dir), r);
        }
        return r;
    }

    /**
     * The largest error a correct float32 engine may make on a network's probabilities: {@code gamma(n)} for n the sum of
     * every dot product's length along the network (the rounding bound of one dot product that long; probabilities are
     * at most 1, so this is absolute). On a GPU, convolutions run in TensorFloat-32 (11-bit significand), where n u
     * exceeds 1 and that worst case says nothing: there the probabilistic bound {@code sqrt(n) u} with u = 2^-11 is used
     * (Higham and Mary, SIAM J. Sci. Comput. 41(5), 2019), which still refuses NaN and errors like the CPU faults found.
     */
    public static double tolerance(CascadeNets nets, String network, boolean gpu) {
        int d = TemporalHead.HIDDEN;
        long head = 3L * d + 1 + 3L * d + 1 + 2L * d + 1 + d + 1; // temporal head without its first conv
        long terms =
                switch (network) {
                    case "glance" -> encoderTerms(nets.glanceBlock().encoder(), Encoders.GLANCE_INPUT_CHANNELS)
                            + Encoders.GLANCE_CHANNELS
                            + 1
                            + 3L * GlanceModel.DESCRIPTOR
                            + 1
                            + head;
                    case "focus" -> encoderTerms(nets.focusBlock().encoder(), 3) + Encoders.LOCAL_CHANNELS + d + 1;
                    case "dense" -> encoderTerms(nets.focusBlock().encoder(), Encoders.GLANCE_INPUT_CHANNELS)
                            + Encoders.LOCAL_CHANNELS
                            + 1
                            + 25
                            + 3L * DenseModel.DESCRIPTOR
                            + 1
                            + head;
                    default -> throw new IllegalArgumentException("unknown network " + network);
                };
        if (gpu) {
            return Math.sqrt(terms) * Math.pow(2, -11);
        }
        return ReferenceOps.gamma((int) terms);
    }

    private static long encoderTerms(ai.djl.nn.SequentialBlock encoder, int inChannels) {
        return Math.round(ReferenceNetwork.tolerance(FoldedEncoder.fold(encoder), inChannels) / ReferenceOps.U32);
    }

    /**
     * The focus network run as the focus batcher runs it in a half precision ({@link FocusNet}: folded batch norms,
     * weights and activations in float16, softmax in float32) against the bundle's float64 golden focus
     * outputs; null where the bundle has none. Tolerance: the GPU rule of {@link #tolerance}, {@code sqrt(n) u}, with
     * the format's unit roundoff u.
     */
    public static NetworkResult checkFocus(Path dir, CascadeNets nets, FocusPrecision precision) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<Double> golden =
                JSON.readValue(file.toFile(), Golden.class).outputs().get("focus");
        if (golden == null) {
            return null;
        }
        int k = nets.focusSteps();
        double[] got;
        try (Inference.NoGradients noGrad = Inference.noGradients();
                NDManager m = nets.focus().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            FocusNet net = FocusNet.of(nets.focusBlock(), m, precision);
            NDArray patches = inputs(m, "focus", new Shape(k, 3, FocusModel.PATCH, FocusModel.PATCH), DataType.FLOAT32);
            NDArray h = inputs(m, "focus-clip", new Shape(1, TemporalHead.HIDDEN), DataType.FLOAT32)
                    .mul(2);
            NDArray local = net.localFeatures(ps, patches);
            NDArray running = null;
            NDList probs = new NDList();
            for (int step = 1; step <= k; step++) {
                NDArray row = local.get(new ai.djl.ndarray.index.NDIndex("{}:{}", step - 1, step));
                running = running == null ? row : running.maximum(row);
                probs.add(net.exitProbabilities(ps, step, running, h));
            }
            got = concat(ai.djl.ndarray.NDArrays.concat(probs, 0));
        }
        double err = got.length != golden.size() ? Double.POSITIVE_INFINITY : 0;
        for (int i = 0; i < got.length && i < golden.size(); i++) {
            double d = Math.abs(got[i] - golden.get(i));
            err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(err, d);
        }
        long terms = Math.round(Math.pow(tolerance(nets, "focus", true) / Math.pow(2, -11), 2));
        double tol = Math.sqrt(terms) * precision.unitRoundoff();
        return new NetworkResult("focus-" + precision.label(), err, tol, err <= tol);
    }

    /** Each built-in network's probabilities on the seeded inputs, flattened, in the given precision. */
    private static Map<String, double[]> run(CascadeNets nets, Set<String> external, DataType type) {
        Map<String, double[]> out = new LinkedHashMap<>();
        int t = nets.clipLength();
        int k = nets.focusSteps();
        try (Inference.NoGradients noGrad = Inference.noGradients();
                NDManager m = nets.glance().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            if (!external.contains(ExternalRoles.GLANCE)) {
                // a batch of clips: one of oneDNN's faulty kernels (the temporal head's conv) was wrong only at
                // batch > 1
                NDArray x = inputs(
                        m,
                        "glance",
                        new Shape(
                                GLANCE_CLIPS * t,
                                Encoders.GLANCE_INPUT_CHANNELS,
                                GlanceModel.HEIGHT,
                                GlanceModel.WIDTH),
                        type);
                NDList y = nets.glanceBlock().forward(ps, new NDList(x), false);
                out.put("glance", concat(y.get(0).softmax(1), y.get(1).softmax(1)));
            }
            if (!external.contains(ExternalRoles.LOCAL)) {
                NDArray patches = inputs(m, "focus", new Shape(k, 3, FocusModel.PATCH, FocusModel.PATCH), type);
                NDArray h = inputs(m, "focus-clip", new Shape(1, TemporalHead.HIDDEN), type)
                        .mul(2);
                NDArray logits = nets.focusBlock()
                        .forward(ps, new NDList(patches, h), false)
                        .singletonOrThrow();
                out.put("focus", concat(logits.softmax(2)));
            }
            if (!external.contains(ExternalRoles.DENSE)) {
                NDArray x = inputs(
                        m,
                        "dense",
                        new Shape(t, Encoders.GLANCE_INPUT_CHANNELS, DenseModel.HEIGHT, DenseModel.WIDTH),
                        type);
                out.put(
                        "dense",
                        concat(nets.denseBlock()
                                .forward(ps, new NDList(x), false)
                                .get(0)
                                .softmax(1)));
            }
        }
        return out;
    }

    /** Seeded uniform [0,1) inputs of one network, made in float64 and cast, so both precisions see the same values. */
    static NDArray inputs(NDManager m, String network, Shape shape, DataType type) {
        SplittableRandom r = new SplittableRandom(SEED + network.hashCode());
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        NDArray a = m.create(v, shape);
        return type == DataType.FLOAT32 ? a : a.toType(type, false);
    }

    private static double[] concat(NDArray... arrays) {
        List<double[]> parts = new ArrayList<>();
        int n = 0;
        for (NDArray a : arrays) {
            double[] d = a.toType(DataType.FLOAT64, false).toDoubleArray();
            parts.add(d);
            n += d.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
