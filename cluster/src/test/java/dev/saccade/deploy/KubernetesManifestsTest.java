package dev.saccade.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.saccade.deploy.DeploymentConfig.Role;
import dev.saccade.job.JobOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize k8s/}, rendered for real and read back into the operators' own models: Flink's Kubernetes
 * operator (FlinkDeployment) and Strimzi (Kafka, KafkaNodePool, KafkaTopic), then held against the job's options.
 */
class KubernetesManifestsTest {
    // the registry's newest operator API (1.10) predates Flink 2's version names; everything else must map exactly
    private static final ObjectMapper MODELS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();
    static List<JsonNode> docs;

    @BeforeAll
    static void render() throws Exception {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s/")
                    .directory(DeploymentConfigTest.CHECKOUT.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(
                    false, "kubectl is not on PATH: cannot render k8s/ with kustomize here (" + e.getMessage() + ")");
            return;
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize k8s/ exit status").isZero();
        docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(out)) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
        }
    }

    private static List<JsonNode> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static FlinkDeployment deployment(String component) throws Exception {
        for (JsonNode d : ofKind("FlinkDeployment")) {
            if (component.equals(d.path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/component")
                    .asText())) {
                return MODELS.treeToValue(d, FlinkDeployment.class);
            }
        }
        throw new AssertionError("no FlinkDeployment for " + component);
    }

    @Test
    void everythingRendersIntoTheSaccadeNamespace() {
        assertThat(docs).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode d : docs) {
            if (!"Namespace".equals(d.path("kind").asText())) {
                assertThat(d.path("metadata").path("namespace").asText())
                        .as(d.path("metadata").path("name").asText())
                        .isEqualTo(DeploymentConfig.load().get("kubernetes", "namespace"));
            }
        }
    }

    @Test
    void twoFlinkDeploymentsAndOnlyFocusAsksForGpus() throws Exception {
        assertThat(ofKind("FlinkDeployment")).hasSize(2);
        FlinkDeployment focus = deployment("focus");
        FlinkDeployment glance = deployment("glance");

        Container focusTm = focus.getSpec()
                .getTaskManager()
                .getPodTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(focusTm.getName()).isEqualTo("flink-main-container");
        assertThat(focusTm.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(focus.getSpec().getTaskManager().getPodTemplate().getSpec().getNodeSelector())
                .isNotEmpty();
        assertThat(focus.getSpec().getTaskManager().getPodTemplate().getSpec().getTolerations())
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
        Map<String, String> focusConf = focus.getSpec().getFlinkConfiguration();
        assertThat(focusConf)
                .containsEntry("external-resources", "gpu")
                .containsEntry("external-resource.gpu.amount", "1")
                .containsEntry("external-resource.gpu.kubernetes.config-key", "nvidia.com/gpu");
        assertThat(Arrays.asList(focus.getSpec().getJob().getArgs()))
                .containsSequence("--stage", "focus")
                .contains("saccade.slots.focus-gpus=1");

        assertThat(MODELS.writeValueAsString(glance)).doesNotContain("nvidia.com/gpu");
        assertThat(glance.getSpec().getFlinkConfiguration().getOrDefault("external-resources", ""))
                .doesNotContain("gpu");
        assertThat(glance.getSpec().getFlinkConfiguration().keySet())
                .noneMatch(k -> k.startsWith("external-resource.gpu"));
        assertThat(Arrays.asList(glance.getSpec().getJob().getArgs()))
                .containsSequence("--stage", "glance")
                .contains("saccade.slots.focus-gpus=0");
    }

    @Test
    void flinkDeploymentsRunTheJobJarOnFlink22WithTheirPoolsMemory() throws Exception {
        DeploymentConfig config = DeploymentConfig.load();
        for (String stage : List.of("glance", "focus")) {
            FlinkDeployment d = deployment(stage);
            JsonNode raw = MODELS.valueToTree(ofKind("FlinkDeployment").stream()
                    .filter(n -> n.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/component")
                            .asText()
                            .equals(stage))
                    .findFirst()
                    .orElseThrow());
            assertThat(raw.path("spec").path("flinkVersion").asText()).isEqualTo("v2_2");
            assertThat(d.getSpec().getJob().getJarURI()).isEqualTo("local://" + DeploymentRenderer.JOB_JAR);
            assertThat(d.getSpec().getJob().getEntryClass()).isEqualTo(DeploymentRenderer.JOB_CLASS);
            assertThat(d.getSpec().getJob().getUpgradeMode().name()).isEqualTo("SAVEPOINT");
            Role pool = stage.equals("focus") ? Role.GPU_TASKMANAGER : Role.CPU_TASKMANAGER;
            assertThat(d.getSpec().getFlinkConfiguration()).containsAllEntriesOf(config.flink(pool, "kubernetes"));
            assertThat(d.getSpec().getTaskManager().getResource().getMemory())
                    .isEqualTo(config.flink(pool, null).get("taskmanager.memory.process.size"));
            assertThat(d.getSpec()
                            .getPodTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv())
                    .anyMatch(e -> e.getName().equals("OPT_OUT_TRACKING")
                            && e.getValue().equals("true"));
        }
    }

    @Test
    void everyConfigurationKeyIsAFlinkOrSaccadeOption() throws Exception {
        OptionKeys flinkKeys = DeploymentConfigTest.flinkOptionKeys();
        OptionKeys saccadeKeys = OptionKeys.scan("dev/saccade/");
        for (String stage : List.of("glance", "focus")) {
            FlinkDeployment d = deployment(stage);
            for (String key : d.getSpec().getFlinkConfiguration().keySet()) {
                assertThat(flinkKeys.knows(key))
                        .as("%s sets Flink option %s", stage, key)
                        .isTrue();
            }
            String[] args = d.getSpec().getJob().getArgs();
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--set")) {
                    String key = args[i + 1].split("=", 2)[0];
                    assertThat(saccadeKeys.knows(key))
                            .as("%s sets job option %s", stage, key)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void strimziRunsKraftAndCreatesTheJobsTopicsUnderTheirDefaultNames() throws Exception {
        Kafka kafka = MODELS.treeToValue(ofKind("Kafka").get(0), Kafka.class);
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        KafkaNodePool pool = MODELS.treeToValue(ofKind("KafkaNodePool").get(0), KafkaNodePool.class);
        assertThat(pool.getSpec().getRoles()).contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());

        List<String> topics = new ArrayList<>();
        for (JsonNode t : ofKind("KafkaTopic")) {
            KafkaTopic topic = MODELS.treeToValue(t, KafkaTopic.class);
            topics.add(topic.getSpec().getTopicName());
            assertThat(topic.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        }
        assertThat(topics)
                .containsExactlyInAnyOrder(
                        JobOptions.FRAMES_TOPIC.defaultValue(),
                        JobOptions.EVENTS_TOPIC.defaultValue(),
                        JobOptions.FOCUS_REQUESTS_TOPIC.defaultValue(),
                        JobOptions.DEAD_LETTER_TOPIC.defaultValue());
        // both stages reach the broker Strimzi names after the cluster
        for (String stage : List.of("glance", "focus")) {
            assertThat(Arrays.asList(deployment(stage).getSpec().getJob().getArgs()))
                    .containsSequence("--bootstrap", kafka.getMetadata().getName() + "-kafka-bootstrap:9092");
        }
    }

    @Test
    void prometheusScrapesTheFlinkPodsMetricsPort() throws Exception {
        JsonNode monitor = ofKind("PodMonitor").get(0);
        assertThat(monitor.path("spec")
                        .path("podMetricsEndpoints")
                        .get(0)
                        .path("port")
                        .asText())
                .isEqualTo("metrics");
        for (String stage : List.of("glance", "focus")) {
            FlinkDeployment d = deployment(stage);
            assertThat(d.getSpec()
                            .getPodTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getPorts())
                    .anyMatch(p -> "metrics".equals(p.getName())
                            && p.getContainerPort()
                                    == Integer.parseInt(
                                            d.getSpec().getFlinkConfiguration().get("metrics.reporter.prom.port")));
            assertThat(d.getSpec().getPodTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(
                            monitor.path("spec").path("selector").path("matchLabels").properties().stream()
                                    .collect(java.util.stream.Collectors.toMap(
                                            Map.Entry::getKey, e -> e.getValue().asText())));
        }
    }

    @Test
    void everyImageIsPinned() {
        List<String> images = new ArrayList<>();
        docs.forEach(d -> collectImages(d, images));
        assertThat(images).isNotEmpty();
        for (String image : images) {
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertThat(tag).as(image).contains(":").doesNotEndWith(":latest");
        }
    }

    private static void collectImages(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("image") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                }
                collectImages(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collectImages(c, out));
        }
    }
}
