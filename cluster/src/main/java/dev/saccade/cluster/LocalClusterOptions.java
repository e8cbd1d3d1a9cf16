package dev.saccade.cluster;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Settings of {@code ./saccade cluster}: where it keeps its state, its ports, and the TaskManagers' size. */
public final class LocalClusterOptions {
    public static final ConfigOption<String> DIR = ConfigOptions.key("saccade.cluster.dir")
            .stringType()
            .defaultValue(System.getProperty("user.home") + "/.saccade/cluster")
            .withDescription("State directory of the local cluster: generated configuration, logs, pid files, "
                    + "the GPU driver plugin, checkpoints.");
    public static final ConfigOption<Integer> REST_PORT = ConfigOptions.key("saccade.cluster.rest-port")
            .intType()
            .defaultValue(8081)
            .withDescription("Port of the JobManager's REST API and web UI.");
    public static final ConfigOption<Integer> RPC_PORT = ConfigOptions.key("saccade.cluster.rpc-port")
            .intType()
            .defaultValue(6123)
            .withDescription("Port of the JobManager's RPC endpoint, which the TaskManagers register at.");
    public static final ConfigOption<Integer> CPU_SLOTS = ConfigOptions.key("saccade.cluster.cpu-tm.slots")
            .intType()
            .defaultValue(2)
            .withDescription("Task slots of the CPU TaskManager (resource id cpu-tm).");
    public static final ConfigOption<Integer> GPU_SLOTS = ConfigOptions.key("saccade.cluster.gpu-tm.slots")
            .intType()
            .defaultValue(2)
            .withDescription("Task slots of the GPU TaskManager (resource id gpu-tm).");
    public static final ConfigOption<MemorySize> JOBMANAGER_MEMORY = ConfigOptions.key(
                    "saccade.cluster.jobmanager.process-size")
            .memoryType()
            .defaultValue(MemorySize.parse("1024m"))
            .withDescription("Total process memory of the JobManager JVM.");
    public static final ConfigOption<MemorySize> CPU_TM_MEMORY = ConfigOptions.key(
                    "saccade.cluster.cpu-tm.process-size")
            .memoryType()
            .defaultValue(MemorySize.parse("2048m"))
            .withDescription("Total process memory of the CPU TaskManager JVM, native memory included.");
    public static final ConfigOption<MemorySize> GPU_TM_MEMORY = ConfigOptions.key(
                    "saccade.cluster.gpu-tm.process-size")
            .memoryType()
            .defaultValue(MemorySize.parse("2048m"))
            .withDescription("Total process memory of the GPU TaskManager JVM, native memory included.");
    public static final ConfigOption<String> GPU_INDICES = ConfigOptions.key("saccade.cluster.gpu.indices")
            .stringType()
            .defaultValue("0")
            .withDescription(
                    "GPU indices the GPU TaskManager advertises (comma-separated); their count is its "
                            + "amount of the external resource gpu. Nothing probes the device, so this also runs without a GPU.");
    public static final ConfigOption<Duration> STARTUP_TIMEOUT = ConfigOptions.key("saccade.cluster.startup-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withDescription("How long `cluster up` waits for both TaskManagers to register.");

    private LocalClusterOptions() {}
}
