package dev.saccade.models.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model bundle on disk: manifest.json plus the networks' parameter files. */
public final class ModelBundle implements AutoCloseable {
  public static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;
  private final BundleManifest manifest;
  private final CascadeNets nets;

  private ModelBundle(Path dir, BundleManifest manifest, CascadeNets nets) {
    this.dir = dir;
    this.manifest = manifest;
    this.nets = nets;
  }

  /** Loads a bundle directory, checking its format and that every parameter file is there. */
  public static ModelBundle load(Path dir) throws IOException {
    BundleManifest m = readManifest(dir);
    if (!BundleManifest.FORMAT.equals(m.format())) {
      throw new IOException(dir + " is a bundle of format '" + m.format() + "', this version reads "
          + BundleManifest.FORMAT);
    }
    for (BundleManifest.Role role : m.roles().values()) {
      if (role.parameters() != null && !Files.isRegularFile(dir.resolve(role.parameters()))) {
        throw new IOException("bundle " + dir + " lacks " + role.parameters());
      }
    }
    CascadeNets nets = CascadeNets.load(dir, m.labels().size(), m.clipLength(), m.policy().focusSteps());
    return new ModelBundle(dir, m, nets);
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

  @Override
  public void close() {
    nets.close();
  }
}
