package dev.saccade.models.bundle;

import dev.saccade.models.external.ImageClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles of a bundle that are external ONNX/TorchScript classifiers instead of built-in networks: one loaded model
 * and predictor per role (not thread-safe, like a DJL predictor), answering class probabilities over the bundle's
 * labels for one BGR image.
 */
public final class ExternalRoles implements AutoCloseable {
    public static final String GLANCE = "glance";
    public static final String LOCAL = "local";
    public static final String DENSE = "dense";
    public static final Set<String> ROLES = Set.of(GLANCE, LOCAL, DENSE);

    private final Map<String, ImageClassifier> classifiers;
    private final Map<String, Long> macsPerImage;
    private final int classes;

    private ExternalRoles(Map<String, ImageClassifier> classifiers, Map<String, Long> macsPerImage, int classes) {
        this.classifiers = classifiers;
        this.macsPerImage = macsPerImage;
        this.classes = classes;
    }

    /** No external roles: every role is the bundle's built-in network. */
    public static ExternalRoles none() {
        return new ExternalRoles(Map.of(), Map.of(), 0);
    }

    /** The roles of {@code manifest} carrying an external spec, with paths relative to the bundle directory. */
    public static Set<String> declared(BundleManifest manifest) {
        Set<String> out = new java.util.TreeSet<>();
        manifest.roles().forEach((name, role) -> {
            if (role.external() != null) {
                out.add(name);
            }
        });
        return out;
    }

    /** Loads every external role of a bundle, checking that its labels are the bundle's. */
    public static ExternalRoles load(Path dir, BundleManifest manifest) throws IOException {
        Map<String, ImageClassifier> loaded = new LinkedHashMap<>();
        Map<String, Long> macs = new LinkedHashMap<>();
        try {
            for (String name : declared(manifest)) {
                if (!ROLES.contains(name)) {
                    throw new IOException("bundle " + dir + ": role '" + name
                            + "' cannot be external; external roles are " + new java.util.TreeSet<>(ROLES));
                }
                BundleManifest.Role role = manifest.roles().get(name);
                ImageClassifier classifier;
                try {
                    classifier = ImageClassifier.load(role.external(), dir);
                } catch (IllegalArgumentException e) {
                    throw new IOException("bundle " + dir + ", role '" + name + "': " + e.getMessage(), e);
                }
                loaded.put(name, classifier);
                List<String> labels = classifier.labels();
                if (!labels.isEmpty() && !labels.equals(manifest.labels())) {
                    throw new IOException("bundle " + dir + ", role '" + name + "': the model's " + labels.size()
                            + " labels differ from the bundle's "
                            + manifest.labels().size() + " (first " + labels.get(0) + " vs "
                            + (manifest.labels().isEmpty()
                                    ? "none"
                                    : manifest.labels().get(0)) + ")");
                }
                macs.put(name, role.macs());
            }
        } catch (IOException | RuntimeException e) {
            loaded.values().forEach(ImageClassifier::close);
            throw e;
        }
        return new ExternalRoles(loaded, macs, manifest.labels().size());
    }

    public boolean has(String role) {
        return classifiers.containsKey(role);
    }

    public Set<String> roles() {
        return classifiers.keySet();
    }

    /** Class probabilities over the bundle's labels for one BGR24 image of any size (the spec says how it is fitted). */
    public float[] probabilities(String role, byte[] bgr, int width, int height) {
        ImageClassifier c = classifiers.get(role);
        if (c == null) {
            throw new IllegalArgumentException("role '" + role + "' is not external in this bundle");
        }
        float[] p = c.probabilities(bgr, width, height);
        if (p.length != classes) {
            throw new IllegalStateException("external " + role + " model returned " + p.length
                    + " class scores; the bundle has " + classes + " labels");
        }
        return p;
    }

    /** The MACs one image costs the role's model, as its manifest entry declares them. */
    public long macsPerImage(String role) {
        return macsPerImage.getOrDefault(role, 0L);
    }

    @Override
    public void close() {
        classifiers.values().forEach(ImageClassifier::close);
    }
}
