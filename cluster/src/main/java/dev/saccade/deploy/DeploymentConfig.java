package dev.saccade.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deploy/saccade.yaml}, the one configuration that the local cluster, docker-compose and k8s share: Flink
 * options per process role, the job's options, images, environment and each deployment's own part.
 */
public final class DeploymentConfig {
    /** Where the build puts the file on the classpath (job/pom.xml copies deploy/saccade.yaml there). */
    public static final String RESOURCE = "/dev/saccade/deploy/saccade.yaml";
    /** The file in a checkout, relative to its root. */
    public static final Path SOURCE = Path.of("deploy", "saccade.yaml");

    /** The Flink processes a deployment runs; each gets the common options plus its role's. */
    public enum Role {
        JOBMANAGER,
        CPU_TASKMANAGER,
        GPU_TASKMANAGER
    }

    private final JsonNode root;

    private DeploymentConfig(JsonNode root) {
        this.root = root;
    }

    /** The copy on the classpath: what the running build was made with. */
    public static DeploymentConfig load() {
        try (InputStream in = DeploymentConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: build the job module");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeploymentConfig load(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    static DeploymentConfig parse(byte[] yaml) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("deployment configuration is not a YAML mapping");
        }
        return new DeploymentConfig(root);
    }

    /** Flink options of one role, common ones first; {@code target} ("compose", "kubernetes", "local") adds its own. */
    public Map<String, String> flink(Role role, String target) {
        Map<String, String> out = new LinkedHashMap<>(section("flink"));
        switch (role) {
            case JOBMANAGER -> out.putAll(section("jobmanager"));
            case CPU_TASKMANAGER -> {
                out.putAll(section("taskmanager"));
                out.putAll(strings(root.path("pools").path("cpu")));
            }
            case GPU_TASKMANAGER -> {
                out.putAll(section("taskmanager"));
                out.putAll(strings(root.path("pools").path("gpu")));
            }
        }
        if (target != null) {
            out.putAll(strings(root.path(target).path("flink")));
        }
        return out;
    }

    /** Options common to every process and every TaskManager, without the pools' sizes and resources. */
    public Map<String, String> common() {
        return section("flink");
    }

    public Map<String, String> taskManagerCommon() {
        return section("taskmanager");
    }

    /** The job's own options (saccade.*), the same in every deployment. */
    public Map<String, String> job() {
        return section("saccade");
    }

    public Map<String, String> env() {
        return section("env");
    }

    public String image(String name) {
        return required(root.path("images").path(name), "images." + name);
    }

    public int topicPartitions() {
        return root.path("topics").path("partitions").asInt(1);
    }

    /** A value of a deployment's own part, e.g. {@code get("kubernetes", "focus", "parallelism")}. */
    public String get(String... path) {
        JsonNode n = root;
        for (String p : path) {
            n = n.path(p);
        }
        return required(n, String.join(".", path));
    }

    public Map<String, String> map(String... path) {
        JsonNode n = root;
        for (String p : path) {
            n = n.path(p);
        }
        return strings(n);
    }

    private Map<String, String> section(String name) {
        return strings(root.path(name));
    }

    private static String required(JsonNode n, String name) {
        if (n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            throw new IllegalArgumentException("deployment configuration lacks " + name);
        }
        return n.asText();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isContainerNode()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        return out;
    }
}
