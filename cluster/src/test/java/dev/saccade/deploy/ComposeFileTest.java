package dev.saccade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.saccade.deploy.DeploymentConfig.Role;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml as compose reads it: services, profiles, the GPU reservation, pinned images, one source. */
class ComposeFileTest {
    static JsonNode services;
    static DeploymentConfig config;

    @BeforeAll
    static void parse() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(DeploymentConfigTest.CHECKOUT
                        .resolve(DeploymentRenderer.COMPOSE)
                        .toFile());
        services = compose.path("services");
        config = DeploymentConfig.load();
    }

    @Test
    void theWholePipelineIsThere() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .contains(
                        "kafka",
                        "topics",
                        "jobmanager",
                        "taskmanager",
                        "taskmanager-gpu",
                        "submit",
                        "submit-gpu",
                        "feeder",
                        "events");
        assertThat(services.path("jobmanager").path("command").asText()).isEqualTo("jobmanager");
        assertThat(services.path("taskmanager").path("command").asText()).isEqualTo("taskmanager");
        assertThat(services.path("feeder").path("command").get(0).asText()).isEqualTo("feed");
        assertThat(services.path("events").path("command").toString()).contains("\"events\"", "\"--follow\"");
    }

    @Test
    void kafkaRunsInKraftModeAndEveryTopicOfTheJobIsCreated() {
        JsonNode env = services.path("kafka").path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.has("KAFKA_ZOOKEEPER_CONNECT")).isFalse();
        String create = services.path("topics").path("command").get(0).asText();
        for (String topic : DeploymentRenderer.topics()) {
            assertThat(create).contains("--topic " + topic + " ");
        }
    }

    @Test
    void onlyTheGpuProfileReservesAnNvidiaGpuAndFocusThenAsksForIt() {
        JsonNode gpu = services.path("taskmanager-gpu");
        assertThat(gpu.path("profiles").toString()).isEqualTo("[\"gpu\"]");
        JsonNode device = gpu.path("deploy")
                .path("resources")
                .path("reservations")
                .path("devices")
                .get(0);
        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(device.path("capabilities").toString()).contains("\"gpu\"");
        assertThat(properties(gpu))
                .containsEntry("external-resources", "gpu")
                .containsEntry("external-resource.gpu.amount", "1");

        for (String name : List.of("kafka", "jobmanager", "taskmanager", "feeder", "events")) {
            assertThat(services.path(name).toString()).as(name).doesNotContain("nvidia");
            assertThat(services.path(name).has("profiles"))
                    .as("%s runs in every profile", name)
                    .isFalse();
        }
        // `docker compose up` takes the cpu profile from .env: focus without a GPU request
        assertThat(services.path("submit").path("profiles").toString()).isEqualTo("[\"cpu\"]");
        assertThat(services.path("submit").path("command").toString()).contains("saccade.slots.focus-gpus=0");
        assertThat(services.path("submit-gpu").path("profiles").toString()).isEqualTo("[\"gpu\"]");
        assertThat(services.path("submit-gpu").path("command").toString()).contains("saccade.slots.focus-gpus=1");
    }

    @Test
    void composeReadsProfilesFromTheRenderedEnvFile() throws Exception {
        assertThat(Files.readAllLines(DeploymentConfigTest.CHECKOUT.resolve(DeploymentRenderer.COMPOSE_ENV)))
                .contains("COMPOSE_PROFILES=cpu");
    }

    @Test
    void everyImageIsPinned() {
        services.forEach(s -> {
            String image = s.path("image").asText();
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertThat(tag).as(image).contains(":").doesNotEndWith(":latest");
        });
    }

    @Test
    void flinkServicesCarryTheOneConfigurationsOptions() {
        OptionKeys flinkKeys = DeploymentConfigTest.flinkOptionKeys();
        Map<String, Role> roles = Map.of(
                "jobmanager",
                Role.JOBMANAGER,
                "taskmanager",
                Role.CPU_TASKMANAGER,
                "taskmanager-gpu",
                Role.GPU_TASKMANAGER,
                "submit",
                Role.JOBMANAGER);
        roles.forEach((service, role) -> {
            Map<String, String> props = properties(services.path(service));
            assertThat(props).as(service).containsAllEntriesOf(config.flink(role, "compose"));
            props.keySet().forEach(k -> assertThat(flinkKeys.knows(k))
                    .as("%s sets Flink option %s", service, k)
                    .isTrue());
            assertThat(services.path(service)
                            .path("environment")
                            .path("OPT_OUT_TRACKING")
                            .asText())
                    .isEqualTo("true");
        });
        OptionKeys saccadeKeys = OptionKeys.scan("dev/saccade/");
        for (String service : List.of("submit", "submit-gpu")) {
            JsonNode command = services.path(service).path("command");
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).asText().equals("--set")) {
                    String key = command.get(i + 1).asText().split("=", 2)[0];
                    assertThat(saccadeKeys.knows(key))
                            .as("%s sets job option %s", service, key)
                            .isTrue();
                }
            }
        }
    }

    /** FLINK_PROPERTIES, the lines the Flink image's entry point merges into config.yaml. */
    static Map<String, String> properties(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line :
                service.path("environment").path("FLINK_PROPERTIES").asText().split("\n")) {
            if (!line.isBlank()) {
                String[] kv = line.split(": ", 2);
                out.put(kv[0].trim(), kv[1].trim());
            }
        }
        return out;
    }
}
