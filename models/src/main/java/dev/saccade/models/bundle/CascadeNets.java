package dev.saccade.models.bundle;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.net.DenseModel;
import dev.saccade.models.net.Encoders;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.net.TemporalHead;
import java.io.IOException;
import java.nio.file.Path;

/** The three trained networks of a bundle (glance with policy and exit 0, focus with exits 1..K, dense baseline). */
public final class CascadeNets implements AutoCloseable {
    public static final String ENGINE = Inference.ENGINE;

    private final int classes;
    private final int clipLength;
    private final int focusSteps;
    private final Model glance;
    private final Model focus;
    private final Model dense;
    // MACs depend on the architecture only: counted once, not per clip in the cascade's loop
    private long glanceMacsPerClip;
    private long focusMacsPerStep;
    private long denseMacsPerClip;

    private CascadeNets(int classes, int clipLength, int focusSteps, ai.djl.Device device) {
        this.classes = classes;
        this.clipLength = clipLength;
        this.focusSteps = focusSteps;
        glance = Model.newInstance("glance", device, ENGINE);
        glance.setBlock(new GlanceModel(clipLength, classes, dev.saccade.models.data.PatchBox.LEVEL_SIZES.length));
        focus = Model.newInstance("focus", device, ENGINE);
        focus.setBlock(new FocusModel(focusSteps, classes));
        dense = Model.newInstance("dense", device, ENGINE);
        dense.setBlock(new DenseModel(clipLength, classes));
    }

    /** Fresh networks with initialised parameters. */
    public static CascadeNets create(int classes, int clipLength, int focusSteps) {
        return create(classes, clipLength, focusSteps, null);
    }

    /** Fresh networks on a device (null: the engine's default). */
    public static CascadeNets create(int classes, int clipLength, int focusSteps, ai.djl.Device device) {
        CascadeNets nets = new CascadeNets(classes, clipLength, focusSteps, device);
        nets.initialize();
        return nets;
    }

    /** Networks with the parameters of a bundle directory. */
    public static CascadeNets load(Path dir, int classes, int clipLength, int focusSteps) throws IOException {
        return load(dir, classes, clipLength, focusSteps, java.util.Set.of(), null);
    }

    /**
     * Networks with the parameters of a bundle directory, except the roles the bundle runs as external models (those
     * keep their unused initial parameters; the bundle has no file for them).
     */
    public static CascadeNets load(
            Path dir,
            int classes,
            int clipLength,
            int focusSteps,
            java.util.Set<String> externalRoles,
            ai.djl.Device device)
            throws IOException {
        CascadeNets nets = create(classes, clipLength, focusSteps, device);
        try {
            if (!externalRoles.contains(ExternalRoles.GLANCE)) {
                nets.glance.load(dir, "glance");
            }
            if (!externalRoles.contains(ExternalRoles.LOCAL)) {
                nets.focus.load(dir, "focus");
            }
            if (!externalRoles.contains(ExternalRoles.DENSE)) {
                nets.dense.load(dir, "dense");
            }
        } catch (MalformedModelException e) {
            throw new IOException("bundle " + dir + " does not match this version's networks: " + e.getMessage(), e);
        }
        return nets;
    }

    /** Replaces the dense baseline's parameters with those of another bundle directory. */
    public void loadDense(Path dir) throws IOException {
        try {
            dense.load(dir, "dense");
        } catch (MalformedModelException e) {
            throw new IOException(
                    "dense baseline of " + dir + " does not match this version's network: " + e.getMessage(), e);
        }
    }

    /**
     * Starts from another bundle's networks: every parameter whose name and shape match is copied (encoders, policy,
     * temporal heads), the rest keep their fresh initialisation (classifiers of a different label set). Returns how
     * many parameters were copied and how many there are.
     */
    public int[] copyMatching(CascadeNets from) {
        int copied = 0;
        int total = 0;
        Model[][] pairs = {{glance, from.glance}, {focus, from.focus}, {dense, from.dense}};
        for (Model[] pair : pairs) {
            var source = pair[1].getBlock().getParameters();
            for (var entry : pair[0].getBlock().getParameters()) {
                total++;
                var other = source.get(entry.getKey());
                var mine = entry.getValue().getArray();
                if (other != null
                        && other.isInitialized()
                        && other.getArray().getShape().equals(mine.getShape())) {
                    mine.set(other.getArray().toFloatArray());
                    copied++;
                }
            }
        }
        return new int[] {copied, total};
    }

    private void initialize() {
        glanceBlock()
                .initialize(
                        glance.getNDManager(),
                        ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(clipLength, Encoders.GLANCE_INPUT_CHANNELS, GlanceModel.HEIGHT, GlanceModel.WIDTH));
        focusBlock()
                .initialize(
                        focus.getNDManager(),
                        ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(focusSteps, 3, FocusModel.PATCH, FocusModel.PATCH),
                        new Shape(1, TemporalHead.HIDDEN));
        denseBlock()
                .initialize(
                        dense.getNDManager(),
                        ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(clipLength, Encoders.GLANCE_INPUT_CHANNELS, DenseModel.HEIGHT, DenseModel.WIDTH));
        glanceMacsPerClip = glanceBlock().macs(new Shape[] {
            new Shape(clipLength, Encoders.GLANCE_INPUT_CHANNELS, GlanceModel.HEIGHT, GlanceModel.WIDTH)
        });
        focusMacsPerStep = focusBlock().macsPerPatch() + focusBlock().macsPerExit();
        denseMacsPerClip = denseBlock().macs(new Shape[] {
            new Shape(clipLength, Encoders.GLANCE_INPUT_CHANNELS, DenseModel.HEIGHT, DenseModel.WIDTH)
        });
    }

    public void save(Path dir) throws IOException {
        glance.save(dir, "glance");
        focus.save(dir, "focus");
        dense.save(dir, "dense");
    }

    public Model glance() {
        return glance;
    }

    public Model focus() {
        return focus;
    }

    public Model dense() {
        return dense;
    }

    public GlanceModel glanceBlock() {
        return (GlanceModel) glance.getBlock();
    }

    public FocusModel focusBlock() {
        return (FocusModel) focus.getBlock();
    }

    public DenseModel denseBlock() {
        return (DenseModel) dense.getBlock();
    }

    public int classes() {
        return classes;
    }

    public int clipLength() {
        return clipLength;
    }

    public int focusSteps() {
        return focusSteps;
    }

    /** MACs of the glance stage on one clip: f_G on every frame, policy heads, exit 0. */
    public long glanceMacsPerClip() {
        return glanceMacsPerClip;
    }

    /** MACs of one focus step: f_L on one patch and one exit classifier. */
    public long focusMacsPerStep() {
        return focusMacsPerStep;
    }

    /** MACs of the dense baseline on one clip. */
    public long denseMacsPerClip() {
        return denseMacsPerClip;
    }

    @Override
    public void close() {
        glance.close();
        focus.close();
        dense.close();
    }
}
