package dev.saccade.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.saccade.deploy.DeploymentConfig.Role;
import dev.saccade.job.JobOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders docker-compose.yml and k8s/ from {@link DeploymentConfig}: Flink options per role, the job's options as
 * its arguments, topic names from the job's own defaults. Pure: returns file contents, writes nothing.
 */
public final class DeploymentRenderer {
    public static final Path COMPOSE = Path.of("docker-compose.yml");
    /** Compose reads this beside the file: the cpu profile unless the command line names another. */
    public static final Path COMPOSE_ENV = Path.of(".env");

    public static final Path K8S = Path.of("k8s");
    public static final String JOB_JAR = "/opt/flink/usrlib/saccade.jar";
    public static final String JOB_CLASS = "dev.saccade.job.SaccadeJob";
    /** The image's launcher of Saccade's CLI (feed, events) on the same jars as the job. */
    public static final String CLI = "/opt/saccade/bin/saccade";

    static final String HEADER =
            "# Generated from deploy/saccade.yaml by `./saccade deploy render`: edit that file, " + "not this one.\n";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Flink's and Kubernetes' string maps must not turn "4" into 4
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private final DeploymentConfig config;

    public DeploymentRenderer(DeploymentConfig config) {
        this.config = config;
    }

    /** Every rendered file by its path relative to the checkout's root. */
    public Map<Path, String> render() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(COMPOSE, yaml(compose()));
        files.put(
                COMPOSE_ENV,
                "# Generated from deploy/saccade.yaml by `./saccade deploy render`.\n"
                        + "# `docker compose up` runs the cpu profile; `docker compose --profile gpu up` runs the gpu one instead.\n"
                        + "COMPOSE_PROFILES=cpu\n");
        kubernetes().forEach((name, docs) -> {
            StringBuilder text = new StringBuilder();
            for (Object doc : docs) {
                text.append(text.isEmpty() ? "" : "---\n").append(yamlBody(doc));
            }
            files.put(K8S.resolve(name), HEADER + text);
        });
        return files;
    }

    /** The topics the job reads and writes, under its default names. */
    public static List<String> topics() {
        return List.of(
                JobOptions.FRAMES_TOPIC.defaultValue(),
                JobOptions.EVENTS_TOPIC.defaultValue(),
                JobOptions.FOCUS_REQUESTS_TOPIC.defaultValue(),
                JobOptions.DEAD_LETTER_TOPIC.defaultValue());
    }

    // ---------------------------------------------------------------- docker compose

    Map<String, Object> compose() {
        String bootstrap = config.get("compose", "bootstrap");
        String kafkaImage = config.image("kafka");
        Map<String, Object> services = new LinkedHashMap<>();
        services.put(
                "kafka",
                map(
                        "image", kafkaImage,
                        "environment",
                                map(
                                        "KAFKA_NODE_ID", "1",
                                        "KAFKA_PROCESS_ROLES", "broker,controller",
                                        "KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093",
                                        "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + bootstrap,
                                        "KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER",
                                        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                                                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                                        "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093",
                                        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                                        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                                        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                                        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"),
                        "healthcheck",
                                map(
                                        "test",
                                        List.of(
                                                "CMD-SHELL",
                                                "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server "
                                                        + bootstrap + " > /dev/null"),
                                        "interval",
                                        "5s",
                                        "timeout",
                                        "10s",
                                        "retries",
                                        20),
                        "volumes", List.of("kafka-data:/var/lib/kafka/data")));

        StringBuilder create = new StringBuilder();
        for (String topic : topics()) {
            create.append("/opt/kafka/bin/kafka-topics.sh --bootstrap-server ")
                    .append(bootstrap)
                    .append(" --create --if-not-exists --topic ")
                    .append(topic)
                    .append(" --partitions ")
                    .append(config.topicPartitions())
                    .append(" --replication-factor ")
                    .append(config.get("compose", "replicas"))
                    .append(" && ");
        }
        create.append("echo topics ready");
        services.put(
                "topics",
                map(
                        "image", kafkaImage,
                        "depends_on", map("kafka", map("condition", "service_healthy")),
                        "entrypoint", List.of("/bin/sh", "-c"),
                        "command", List.of(create.toString())));

        String saccade = config.image("saccade");
        services.put(
                "jobmanager",
                map(
                        "image", saccade,
                        "command", "jobmanager",
                        "ports", List.of("8081:8081"),
                        "environment", flinkEnv(Role.JOBMANAGER),
                        "volumes", List.of("flink-data:/flink-data")));
        services.put("taskmanager", taskManager(saccade, Role.CPU_TASKMANAGER));
        Map<String, Object> gpu = taskManager(config.image("saccade-gpu"), Role.GPU_TASKMANAGER);
        gpu.put("profiles", List.of("gpu"));
        gpu.put(
                "deploy",
                map(
                        "resources",
                        map(
                                "reservations",
                                map(
                                        "devices",
                                        List.of(map(
                                                "driver", "nvidia", "count", 1, "capabilities", List.of("gpu")))))));
        services.put("taskmanager-gpu", gpu);
        // `docker compose up` runs the cpu profile (.env); `--profile gpu` replaces it: focus then asks for the GPU
        services.put("submit", submit(saccade, "cpu", 0));
        services.put("submit-gpu", submit(saccade, "gpu", 1));

        List<String> feed = List.of(
                "feed",
                "--bootstrap",
                bootstrap,
                "--realtime",
                "--streams",
                config.get("compose", "feeder", "streams"),
                "--fps",
                config.get("compose", "feeder", "fps"));
        Map<String, Object> feeder = cli(feed);
        // a video instead of the synthetic scenes: put it in ./videos and add `--input /videos/NAME` to command
        feeder.put("volumes", List.of("./videos:/videos:ro"));
        services.put("feeder", feeder);
        services.put("events", cli(List.of("events", "--bootstrap", bootstrap, "--follow")));

        return map("name", "saccade", "services", services, "volumes", map("kafka-data", map(), "flink-data", map()));
    }

    private Map<String, Object> taskManager(String image, Role role) {
        return map(
                "image", image,
                "command", "taskmanager",
                "depends_on", List.of("jobmanager"),
                "environment", flinkEnv(role),
                "volumes", List.of("flink-data:/flink-data"));
    }

    /** A service running Saccade's CLI from the image once the topics exist. */
    private Map<String, Object> cli(List<String> command) {
        return map(
                "image", config.image("saccade"),
                // the flink user's home holds the natives the image build extracted
                "user", "flink",
                "depends_on", map("topics", map("condition", "service_completed_successfully")),
                "entrypoint", List.of(CLI),
                "command", command,
                "environment", config.env());
    }

    private Map<String, Object> submit(String image, String profile, int gpus) {
        List<String> command =
                new ArrayList<>(List.of("flink", "run", "--detached", "--jobmanager", "jobmanager:8081", JOB_JAR));
        command.addAll(jobArgs("all", config.get("compose", "bootstrap"), config.get("compose", "parallelism"), gpus));
        return map(
                "image",
                image,
                "profiles",
                List.of(profile),
                "depends_on",
                map(
                        "jobmanager",
                        map("condition", "service_started"),
                        "topics",
                        map("condition", "service_completed_successfully")),
                "command",
                command,
                "environment",
                flinkEnv(Role.JOBMANAGER),
                // the JobManager may still be starting: retry until the submission is accepted
                "restart",
                "on-failure");
    }

    /** The job's arguments: its stage, Kafka, and every saccade.* option of the configuration. */
    List<String> jobArgs(String stage, String bootstrap, String parallelism, int gpus) {
        List<String> args =
                new ArrayList<>(List.of("--stage", stage, "--bootstrap", bootstrap, "--parallelism", parallelism));
        Map<String, String> job = new LinkedHashMap<>(config.job());
        job.put(JobOptions.FOCUS_GPUS.key(), Integer.toString(gpus));
        job.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    private Map<String, Object> flinkEnv(Role role) {
        Map<String, String> flink = new LinkedHashMap<>(config.flink(role, "compose"));
        flink.put("jobmanager.rpc.address", "jobmanager");
        flink.put("rest.address", "jobmanager");
        StringBuilder properties = new StringBuilder();
        flink.forEach((k, v) -> properties.append(k).append(": ").append(v).append('\n'));
        Map<String, Object> env = new LinkedHashMap<>(config.env());
        // the official image's entry point merges these lines into config.yaml
        env.put("FLINK_PROPERTIES", properties.toString());
        return env;
    }

    // ---------------------------------------------------------------- kubernetes

    /** The k8s/ files, each a list of objects, plus the kustomization that lists them. */
    Map<String, List<Object>> kubernetes() {
        String ns = config.get("kubernetes", "namespace");
        String cluster = config.get("kubernetes", "kafka-cluster");
        Map<String, List<Object>> files = new LinkedHashMap<>();
        files.put("namespace.yaml", List.of(map("apiVersion", "v1", "kind", "Namespace", "metadata", map("name", ns))));

        int kafkaReplicas = Integer.parseInt(config.get("kubernetes", "kafka-replicas"));
        String minIsr = Integer.toString(Math.max(1, kafkaReplicas - 1));
        files.put(
                "kafka.yaml",
                List.of(
                        map(
                                "apiVersion",
                                "kafka.strimzi.io/v1beta2",
                                "kind",
                                "KafkaNodePool",
                                "metadata",
                                map("name", "dual-role", "labels", map("strimzi.io/cluster", cluster)),
                                "spec",
                                map(
                                        "replicas",
                                        kafkaReplicas,
                                        "roles",
                                        List.of("controller", "broker"),
                                        "storage",
                                        map(
                                                "type",
                                                "jbod",
                                                "volumes",
                                                List.of(
                                                        map(
                                                                "id",
                                                                0,
                                                                "type",
                                                                "persistent-claim",
                                                                "size",
                                                                "50Gi",
                                                                "deleteClaim",
                                                                false,
                                                                "kraftMetadata",
                                                                "shared"))))),
                        map(
                                "apiVersion",
                                "kafka.strimzi.io/v1beta2",
                                "kind",
                                "Kafka",
                                "metadata",
                                map(
                                        "name",
                                        cluster,
                                        "annotations",
                                        map("strimzi.io/node-pools", "enabled", "strimzi.io/kraft", "enabled")),
                                "spec",
                                map(
                                        "kafka",
                                                map(
                                                        "version",
                                                        config.get("kubernetes", "kafka-version"),
                                                        "listeners",
                                                        List.of(
                                                                map(
                                                                        "name",
                                                                        "plain",
                                                                        "port",
                                                                        9092,
                                                                        "type",
                                                                        "internal",
                                                                        "tls",
                                                                        false)),
                                                        "config",
                                                        map(
                                                                "offsets.topic.replication.factor",
                                                                kafkaReplicas,
                                                                "transaction.state.log.replication.factor",
                                                                kafkaReplicas,
                                                                "transaction.state.log.min.isr",
                                                                minIsr,
                                                                "default.replication.factor",
                                                                kafkaReplicas,
                                                                "min.insync.replicas",
                                                                minIsr)),
                                        "entityOperator", map("topicOperator", map())))));

        List<Object> topics = new ArrayList<>();
        for (String topic : topics()) {
            topics.add(map(
                    "apiVersion",
                    "kafka.strimzi.io/v1beta2",
                    "kind",
                    "KafkaTopic",
                    "metadata",
                    map("name", topic.replace('.', '-'), "labels", map("strimzi.io/cluster", cluster)),
                    "spec",
                    map(
                            "topicName",
                            topic,
                            "partitions",
                            config.topicPartitions(),
                            "replicas",
                            Integer.parseInt(config.get("kubernetes", "replicas")),
                            "config",
                            map("min.insync.replicas", minIsr))));
        }
        files.put("topics.yaml", topics);

        String bootstrap = cluster + "-kafka-bootstrap:9092";
        files.put(
                "glance.yaml",
                List.of(flinkDeployment(
                        "saccade-glance", "glance", config.image("saccade"), Role.CPU_TASKMANAGER, bootstrap, 0)));
        files.put(
                "focus.yaml",
                List.of(flinkDeployment(
                        "saccade-focus",
                        "focus",
                        config.image("saccade-gpu"),
                        Role.GPU_TASKMANAGER,
                        bootstrap,
                        Integer.parseInt(config.get("kubernetes", "focus", "gpus-per-taskmanager")))));

        files.put(
                "monitoring.yaml",
                List.of(map(
                        "apiVersion",
                        "monitoring.coreos.com/v1",
                        "kind",
                        "PodMonitor",
                        "metadata",
                        map("name", "saccade-flink"),
                        "spec",
                        map(
                                "selector",
                                map("matchLabels", map("app.kubernetes.io/part-of", "saccade")),
                                "podMetricsEndpoints",
                                List.of(map("port", "metrics", "interval", "15s"))))));

        List<String> resources = new ArrayList<>(files.keySet());
        files.put(
                "kustomization.yaml",
                List.of(map(
                        "apiVersion",
                        "kustomize.config.k8s.io/v1beta1",
                        "kind",
                        "Kustomization",
                        "namespace",
                        ns,
                        "resources",
                        resources)));
        return files;
    }

    private Map<String, Object> flinkDeployment(
            String name, String stage, String image, Role pool, String bootstrap, int gpus) {
        Map<String, String> tmFlink = config.flink(pool, "kubernetes");
        Map<String, String> jmFlink = config.flink(Role.JOBMANAGER, "kubernetes");
        // one flinkConfiguration for the deployment: the pool's options, the JobManager's memory beside them
        Map<String, String> flink = new LinkedHashMap<>(tmFlink);
        jmFlink.forEach(flink::putIfAbsent);
        String cpu = config.get("kubernetes", stage, "cpu");

        List<Object> env = new ArrayList<>();
        config.env().forEach((k, v) -> env.add(map("name", k, "value", v)));
        Map<String, Object> mainContainer = map(
                "name",
                "flink-main-container",
                "env",
                env,
                "ports",
                List.of(map("name", "metrics", "containerPort", 9249)));
        Map<String, Object> podSpec = map("containers", List.of(mainContainer));
        Map<String, Object> taskManager = map(
                "resource",
                map("memory", tmFlink.get("taskmanager.memory.process.size"), "cpu", Double.parseDouble(cpu)));
        if (gpus > 0) {
            Map<String, Object> tmContainer =
                    map("name", "flink-main-container", "resources", map("limits", map("nvidia.com/gpu", gpus)));
            taskManager.put(
                    "podTemplate",
                    map(
                            "spec",
                            map(
                                    "nodeSelector", config.map("kubernetes", stage, "node-selector"),
                                    "tolerations",
                                            List.of(map(
                                                    "key",
                                                    "nvidia.com/gpu",
                                                    "operator",
                                                    "Exists",
                                                    "effect",
                                                    "NoSchedule")),
                                    "containers", List.of(tmContainer))));
        }
        return map(
                "apiVersion",
                "flink.apache.org/v1beta1",
                "kind",
                "FlinkDeployment",
                "metadata",
                map(
                        "name",
                        name,
                        "labels",
                        map("app.kubernetes.io/part-of", "saccade", "app.kubernetes.io/component", stage)),
                "spec",
                map(
                        "image", image,
                        "flinkVersion", config.get("kubernetes", "flink-version"),
                        "serviceAccount", config.get("kubernetes", "service-account"),
                        "flinkConfiguration", flink,
                        "podTemplate",
                                map(
                                        "metadata",
                                        map("labels", map("app.kubernetes.io/part-of", "saccade")),
                                        "spec",
                                        podSpec),
                        "jobManager",
                                map(
                                        "replicas",
                                        1,
                                        "resource",
                                        map("memory", jmFlink.get("jobmanager.memory.process.size"), "cpu", 1.0)),
                        "taskManager", taskManager,
                        "job",
                                map(
                                        "jarURI",
                                        "local://" + JOB_JAR,
                                        "entryClass",
                                        JOB_CLASS,
                                        "args",
                                        jobArgs(stage, bootstrap, config.get("kubernetes", stage, "parallelism"), gpus),
                                        "parallelism",
                                        Integer.parseInt(config.get("kubernetes", stage, "parallelism")),
                                        "upgradeMode",
                                        "savepoint",
                                        "state",
                                        "running")));
    }

    // ---------------------------------------------------------------- helpers

    private static String yaml(Object doc) {
        return HEADER + yamlBody(doc);
    }

    private static String yamlBody(Object doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
