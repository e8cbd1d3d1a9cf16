package dev.saccade.models.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.models.counts.CountHead;
import dev.saccade.models.net.GlanceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model bundle on disk: manifest.json plus the networks' parameter files. */
public final class ModelBundle implements AutoCloseable {
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final BundleManifest manifest;
    private final CascadeNets nets;
    private final ExternalRoles external;
    private final BundleSelfCheck.Report selfCheck;
    private final CountHead counts;

    private ModelBundle(
            Path dir,
            BundleManifest manifest,
            CascadeNets nets,
            ExternalRoles external,
            BundleSelfCheck.Report selfCheck,
            CountHead counts) {
        this.dir = dir;
        this.counts = counts;
        this.manifest = manifest;
        this.nets = nets;
        this.external = external;
        this.selfCheck = selfCheck;
    }

    /**
     * Loads a bundle directory, checking its format and that every parameter file is there, and runs its self-check:
     * a bundle whose networks miss their float64 golden outputs on this machine is refused
     * ({@link BundleSelfCheck.SelfCheckFailed}).
     */
    public static ModelBundle load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** As {@link #load(Path)}, with the built-in networks' parameters on {@code device} (null: the engine default). */
    public static ModelBundle load(Path dir, ai.djl.Device device) throws IOException {
        BundleManifest m = readManifest(dir);
        if (!BundleManifest.FORMAT.equals(m.format())) {
            throw new IOException(
                    dir + " is a bundle of format '" + m.format() + "', this version reads " + BundleManifest.FORMAT);
        }
        for (BundleManifest.Role role : m.roles().values()) {
            if (role.parameters() != null && !Files.isRegularFile(dir.resolve(role.parameters()))) {
                throw new IOException("bundle " + dir + " lacks " + role.parameters());
            }
        }
        java.util.Set<String> externalRoles = ExternalRoles.declared(m);
        int floor = m.normalisation() == null ? 0 : m.normalisation().glanceDifferenceFloorLevels();
        if (!externalRoles.contains(ExternalRoles.GLANCE) && floor != GlanceModel.DIFFERENCE_FLOOR_LEVELS) {
            throw new IOException("bundle " + dir + " was trained with a glance difference floor of " + floor
                    + " grey levels; this version computes the glance input with " + GlanceModel.DIFFERENCE_FLOOR_LEVELS
                    + ": retrain it (./saccade train)");
        }
        if (externalRoles.contains(ExternalRoles.GLANCE) && !externalRoles.contains(ExternalRoles.LOCAL)) {
            throw new IOException(
                    "bundle " + dir + ": the built-in local role's exits read the built-in glance features, "
                            + "so an external glance needs an external local role too");
        }
        CascadeNets nets = CascadeNets.load(
                dir, m.labels().size(), m.clipLength(), m.policy().focusSteps(), externalRoles, device);
        try {
            BundleSelfCheck.Report check = BundleSelfCheck.verify(dir, nets, externalRoles);
            return new ModelBundle(dir, m, nets, ExternalRoles.load(dir, m), check, CountHead.read(dir));
        } catch (IOException | RuntimeException e) {
            nets.close();
            throw e;
        }
    }

    public static BundleManifest readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no model bundle at " + dir + " (" + MANIFEST + " missing)");
        }
        return JSON.readValue(file.toFile(), BundleManifest.class);
    }

    public static void writeManifest(Path dir, BundleManifest manifest) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    public double[] thresholds() {
        return manifest.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
    }

    public Path dir() {
        return dir;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public CascadeNets nets() {
        return nets;
    }

    /**
     * GMACs a clip costs the full model on every frame: the teacher detector's, for a bundle distilled from one (its
     * manifest's {@code teacher_gmacs_per_clip}), else the dense baseline's.
     */
    public double fullModelGmacsPerClip() {
        Object teacher = manifest.metrics() == null ? null : manifest.metrics().get("teacher_gmacs_per_clip");
        return teacher instanceof Number n ? n.doubleValue() : nets.denseMacsPerClip() / 1e9;
    }

    /** Objects per class group from a clip's h, or null where the bundle has no count head. */
    public CountHead counts() {
        return counts;
    }

    /** The self-check's result at load (null: the bundle has no golden outputs, {@link BundleSelfCheck#FILE}). */
    public BundleSelfCheck.Report selfCheck() {
        return selfCheck;
    }

    /** The roles this bundle runs as external ONNX/TorchScript models (none for a bundle ./saccade train wrote). */
    public ExternalRoles external() {
        return external;
    }

    /** The adaptive cascade with this bundle's networks, external roles and thresholds. */
    public dev.saccade.models.cascade.AdaptiveCascade cascade() {
        return new dev.saccade.models.cascade.AdaptiveCascade(nets, external, thresholds());
    }

    @Override
    public void close() {
        try {
            external.close();
        } finally {
            nets.close();
        }
    }
}
