package dev.saccade.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saccade.cluster.ClusterPlan.ProcessSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.taskexecutor.TaskExecutorResourceUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated cluster configuration: consistent memory for each JVM, gpu only on the GPU TaskManager. */
class ClusterPlanTest {
    @TempDir
    Path dir;

    private ClusterPlan plan(Map<String, String> extra) {
        Configuration c = new Configuration();
        c.set(LocalClusterOptions.DIR, dir.toString());
        extra.forEach(c::setString);
        return ClusterPlan.of(c);
    }

    @Test
    void everyTaskManagerMemoryComponentIsPinnedAndAddsUpToTheProcessSize() {
        for (ProcessSpec tm : plan(Map.of()).processes().subList(1, 3)) {
            Configuration c = tm.config();
            for (var option : List.of(
                    TaskManagerOptions.FRAMEWORK_HEAP_MEMORY,
                    TaskManagerOptions.TASK_HEAP_MEMORY,
                    TaskManagerOptions.MANAGED_MEMORY_SIZE,
                    TaskManagerOptions.NETWORK_MEMORY_MIN,
                    TaskManagerOptions.NETWORK_MEMORY_MAX,
                    TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY,
                    TaskManagerOptions.TASK_OFF_HEAP_MEMORY,
                    TaskManagerOptions.JVM_METASPACE,
                    TaskManagerOptions.JVM_OVERHEAD_MIN,
                    TaskManagerOptions.JVM_OVERHEAD_MAX)) {
                assertThat(c.contains(option))
                        .as("%s sets %s", tm.name(), option.key())
                        .isTrue();
            }
            assertThat(c.get(TaskManagerOptions.JVM_OVERHEAD_MIN))
                    .isEqualTo(c.get(TaskManagerOptions.JVM_OVERHEAD_MAX));
            assertThat(TaskExecutorResourceUtils.calculateTotalProcessMemoryFromComponents(c))
                    .as("components of %s", tm.name())
                    .isEqualTo(MemorySize.parse("2048m").getBytes());

            long heap = c.get(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY)
                    .add(c.get(TaskManagerOptions.TASK_HEAP_MEMORY))
                    .getBytes();
            long direct = c.get(TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY)
                    .add(c.get(TaskManagerOptions.TASK_OFF_HEAP_MEMORY))
                    .add(c.get(TaskManagerOptions.NETWORK_MEMORY_MAX))
                    .getBytes();
            assertThat(tm.jvmArgs())
                    .contains(
                            "-Xmx" + heap,
                            "-Xms" + heap,
                            "-XX:MaxDirectMemorySize=" + direct,
                            "-XX:MaxMetaspaceSize="
                                    + c.get(TaskManagerOptions.JVM_METASPACE).getBytes());

            // room for what native code allocates outside the JVM's own limits
            assertThat(c.get(TaskManagerOptions.JVM_OVERHEAD_MIN)).isGreaterThanOrEqualTo(MemorySize.parse("512m"));
            assertThat(c.get(TaskManagerOptions.TASK_OFF_HEAP_MEMORY)).isGreaterThanOrEqualTo(MemorySize.parse("128m"));
        }
    }

    @Test
    void userMemorySettingsFeedTheDerivationInsteadOfContradictingIt() {
        ClusterPlan p = plan(Map.of(
                LocalClusterOptions.GPU_TM_MEMORY.key(),
                "3g",
                TaskManagerOptions.JVM_OVERHEAD_MIN.key(),
                "768m",
                TaskManagerOptions.JVM_OVERHEAD_MAX.key(),
                "768m"));
        Configuration gpu = p.process(ClusterPlan.GPU_TM).config();
        assertThat(gpu.get(TaskManagerOptions.JVM_OVERHEAD_MIN)).isEqualTo(MemorySize.parse("768m"));
        assertThat(TaskExecutorResourceUtils.calculateTotalProcessMemoryFromComponents(gpu))
                .isEqualTo(MemorySize.parse("3g").getBytes());
    }

    @Test
    void jobManagerJvmMatchesItsHeap() {
        ProcessSpec jm = plan(Map.of()).process(ClusterPlan.JOBMANAGER);
        long heap = jm.config()
                .get(org.apache.flink.configuration.JobManagerOptions.JVM_HEAP_MEMORY)
                .getBytes();
        assertThat(jm.jvmArgs()).contains("-Xmx" + heap, "-Xms" + heap);
        assertThat(jm.mainClass()).isEqualTo(ClusterPlan.JOBMANAGER_MAIN);
    }

    @Test
    void onlyTheGpuTaskManagerAdvertisesGpuEvenWhenTheUserSetsExternalResourcesForAll() {
        ClusterPlan p = plan(Map.of(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST.key(), "gpu"));
        Configuration gpu = p.process(ClusterPlan.GPU_TM).config();
        assertThat(gpu.get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST)).containsExactly("gpu");
        assertThat(gpu.getString("external-resource.gpu.amount", null)).isEqualTo("1");
        assertThat(gpu.getString("external-resource.gpu.driver-factory.class", null))
                .isEqualTo(GpuDriverFactory.class.getName());
        assertThat(gpu.getString("external-resource.gpu.param.indices", null)).isEqualTo("0");
        assertThat(gpu.get(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID)).isEqualTo("gpu-tm");

        for (String other : List.of(ClusterPlan.CPU_TM, ClusterPlan.JOBMANAGER)) {
            Configuration c = p.process(other).config();
            assertThat(c.get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST))
                    .as(other)
                    .doesNotContain("gpu");
            assertThat(c.containsKey("external-resource.gpu.driver-factory.class"))
                    .as(other)
                    .isFalse();
            assertThat(c.containsKey("external-resource.gpu.amount")).as(other).isFalse();
        }
        // the CPU TaskManager carries the CPU pool's label instead (the job's io and glance groups may ask for it)
        assertThat(p.process(ClusterPlan.CPU_TM).config().get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST))
                .containsExactly("cpu-pool");
        assertThat(p.process(ClusterPlan.JOBMANAGER).config().get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST))
                .isIn(List.of(), List.of(ExternalResourceOptions.NONE));
        assertThat(p.process(ClusterPlan.CPU_TM).config().get(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID))
                .isEqualTo("cpu-tm");
    }

    @Test
    void gpuAmountIsTheNumberOfConfiguredIndices() {
        Configuration gpu = plan(Map.of(LocalClusterOptions.GPU_INDICES.key(), "1, 3"))
                .process(ClusterPlan.GPU_TM)
                .config();
        assertThat(gpu.getString("external-resource.gpu.amount", null)).isEqualTo("2");
        assertThat(gpu.getString("external-resource.gpu.param.indices", null)).isEqualTo("1,3");
        assertThatThrownBy(() ->
                        plan(Map.of(LocalClusterOptions.GPU_INDICES.key(), " ")).process(ClusterPlan.GPU_TM))
                .hasMessageContaining("saccade.cluster.gpu.indices");
    }

    @Test
    void slotsAndPortsComeFromTheSettings() {
        ClusterPlan p = plan(Map.of(
                LocalClusterOptions.CPU_SLOTS.key(),
                "3",
                LocalClusterOptions.GPU_SLOTS.key(),
                "1",
                LocalClusterOptions.REST_PORT.key(),
                "18999"));
        assertThat(p.process(ClusterPlan.CPU_TM).config().get(TaskManagerOptions.NUM_TASK_SLOTS))
                .isEqualTo(3);
        assertThat(p.process(ClusterPlan.GPU_TM).config().get(TaskManagerOptions.NUM_TASK_SLOTS))
                .isEqualTo(1);
        assertThat(p.process(ClusterPlan.JOBMANAGER).config().getString("rest.port", null))
                .isEqualTo("18999");
        assertThat(p.webUrl()).isEqualTo("http://localhost:18999");
    }

    @Test
    void everyJvmRunsWithDjlHygieneAndItsMarkers() {
        ClusterPlan p = plan(Map.of());
        for (ProcessSpec spec : p.processes()) {
            assertThat(spec.jvmArgs())
                    .as(spec.name())
                    .contains(
                            "-Xss2m",
                            "-Dai.djl.offline=true",
                            "-D" + ClusterPlan.PROCESS_MARKER + "=" + spec.name(),
                            "-D" + ClusterPlan.DIR_MARKER + "=" + p.stateDir());
            assertThat(spec.env())
                    .as(spec.name())
                    .containsEntry("OPT_OUT_TRACKING", "true")
                    .containsEntry("OMP_WAIT_POLICY", "PASSIVE")
                    .containsEntry("FLINK_PLUGINS_DIR", p.pluginsDir().toString());
            assertThat(spec.config().get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
                    .as(spec.name())
                    .contains("ai.djl.", "org.bytedeco.");
        }
    }

    @Test
    void configYamlReadsBackAsTheSameTypedConfiguration() throws Exception {
        for (ProcessSpec spec : plan(Map.of()).processes()) {
            Path conf = Files.createDirectories(dir.resolve("yaml").resolve(spec.name()));
            Files.write(conf.resolve("config.yaml"), ClusterPlan.configYaml(spec), StandardCharsets.UTF_8);
            Configuration read = GlobalConfiguration.loadConfiguration(conf.toString());
            assertThat(read.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
                    .isEqualTo(List.of("ai.djl.", "ai.onnxruntime.", "org.bytedeco.", "com.sun.jna."));
            assertThat(read.get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST))
                    .isEqualTo(spec.config().get(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST));
            if (spec.isTaskManager()) {
                assertThat(TaskExecutorResourceUtils.calculateTotalProcessMemoryFromComponents(read))
                        .isEqualTo(TaskExecutorResourceUtils.calculateTotalProcessMemoryFromComponents(spec.config()));
            }
        }
    }
}
