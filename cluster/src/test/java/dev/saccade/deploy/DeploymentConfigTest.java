package dev.saccade.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.cluster.ClusterPlan;
import dev.saccade.cluster.ClusterPlan.ProcessSpec;
import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.deploy.DeploymentConfig.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/saccade.yaml is the one source: its keys are real options, and every deployment is rendered from it. */
class DeploymentConfigTest {
    static final Path CHECKOUT = Path.of("..");
    static OptionKeys flinkKeys;
    static OptionKeys saccadeKeys;

    @BeforeAll
    static void scanOptionClasses() {
        flinkKeys = flinkOptionKeys();
        saccadeKeys = OptionKeys.scan("dev/saccade/");
    }

    /** Flink's option classes, plus the Prometheus reporter's port, which its factory reads as a plain property. */
    static OptionKeys flinkOptionKeys() {
        return OptionKeys.scan("org/apache/flink/").with("metrics.reporter.prom.port");
    }

    @Test
    void theCommittedDeploymentFilesAreWhatTheConfigurationRenders() throws Exception {
        Map<Path, String> rendered =
                new DeploymentRenderer(DeploymentConfig.load(CHECKOUT.resolve(DeploymentConfig.SOURCE))).render();
        assertThat(rendered.keySet())
                .contains(
                        DeploymentRenderer.COMPOSE,
                        Path.of("k8s", "kustomization.yaml"),
                        Path.of("k8s", "glance.yaml"),
                        Path.of("k8s", "focus.yaml"));
        for (Map.Entry<Path, String> f : rendered.entrySet()) {
            Path committed = CHECKOUT.resolve(f.getKey());
            assertThat(committed)
                    .as("%s exists (run ./saccade deploy render)", f.getKey())
                    .isRegularFile();
            assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                    .as("%s is up to date with deploy/saccade.yaml (run ./saccade deploy render)", f.getKey())
                    .isEqualTo(f.getValue());
        }
    }

    @Test
    void theBuildCarriesTheCheckoutsConfiguration() throws Exception {
        // ./saccade cluster reads the classpath copy: it must be the file deployments are rendered from
        try (var in = DeploymentConfig.class.getResourceAsStream(DeploymentConfig.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(CHECKOUT.resolve(DeploymentConfig.SOURCE)));
        }
    }

    @Test
    void everyFlinkKeyOfEveryRoleAndTargetIsAFlinkOption() {
        assertThat(flinkKeys.size())
                .as("Flink option keys found on the classpath")
                .isGreaterThan(500);
        assertThat(flinkKeys.knows("taskmanager.memory.process.size")).isTrue();
        assertThat(flinkKeys.knows("external-resource.gpu.amount")).isTrue();
        // a typo is caught: the check is not vacuous
        assertThat(flinkKeys.why("taskmanager.memory.proces.size")).isNull();
        assertThat(flinkKeys.why("cluster.fine-grained-resource-management.enabled"))
                .as("removed in Flink 2")
                .isNull();

        DeploymentConfig config = DeploymentConfig.load();
        for (String target : List.of("compose", "kubernetes", "local")) {
            for (Role role : Role.values()) {
                for (String key : config.flink(role, target).keySet()) {
                    assertThat(flinkKeys.knows(key))
                            .as("%s/%s sets Flink option %s", target, role, key)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyJobKeyIsASaccadeOption() {
        assertThat(saccadeKeys.knows("saccade.mode")).isTrue();
        assertThat(saccadeKeys.knows("saccade.mdoe")).isFalse();
        Map<String, String> job = DeploymentConfig.load().job();
        assertThat(job).isNotEmpty();
        for (String key : job.keySet()) {
            assertThat(saccadeKeys.knows(key)).as("saccade option %s", key).isTrue();
        }
    }

    @Test
    void theLocalClusterRunsWithTheSharedSettings(@TempDir Path dir) {
        DeploymentConfig config = DeploymentConfig.load();
        Configuration settings = new Configuration();
        settings.set(LocalClusterOptions.DIR, dir.toString());
        ClusterPlan plan = ClusterPlan.of(settings);
        for (ProcessSpec tm : List.of(plan.process(ClusterPlan.CPU_TM), plan.process(ClusterPlan.GPU_TM))) {
            Map<String, String> conf = tm.config().toMap();
            // the derived memory sizes replace the inputs, so compare what survives derivation unchanged
            assertThat(memory(conf.get("taskmanager.memory.task.off-heap.size")))
                    .isEqualTo(memory(config.taskManagerCommon().get("taskmanager.memory.task.off-heap.size")));
            assertThat(memory(conf.get("taskmanager.memory.jvm-overhead.max")))
                    .isEqualTo(memory(config.taskManagerCommon().get("taskmanager.memory.jvm-overhead.min")));
            assertThat(conf.get("metrics.reporter.prom.factory.class"))
                    .isEqualTo(config.common().get("metrics.reporter.prom.factory.class"));
            assertThat(tm.jvmArgs())
                    .containsAll(
                            List.of(config.common().get("env.java.opts.all").split(" ")));
            assertThat(tm.env()).containsAllEntriesOf(config.env());
        }
    }

    @Test
    void jobArgumentsCarryEveryJobOptionAndTheStage() {
        DeploymentRenderer renderer = new DeploymentRenderer(DeploymentConfig.load());
        List<String> args = renderer.jobArgs("glance", "broker:9092", "3", 0);
        assertThat(args)
                .containsSequence("--stage", "glance")
                .containsSequence("--bootstrap", "broker:9092")
                .containsSequence("--set", "saccade.slots.focus-gpus=0");
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--set")) {
                String[] kv = args.get(i + 1).split("=", 2);
                set.put(kv[0], kv[1]);
            }
        }
        assertThat(set).containsAllEntriesOf(DeploymentConfig.load().job());
    }

    private static org.apache.flink.configuration.MemorySize memory(String value) {
        return org.apache.flink.configuration.MemorySize.parse(value);
    }
}
