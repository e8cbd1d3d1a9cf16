package dev.saccade.cluster;

import dev.saccade.deploy.DeploymentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * What the local cluster runs, as data: for the JobManager and each TaskManager its Flink configuration, JVM arguments
 * and environment. Nothing here starts a process, so the generated settings can be checked in unit tests.
 */
public final class ClusterPlan {
    public static final String JOBMANAGER = "jobmanager";
    public static final String CPU_TM = "cpu-tm";
    public static final String GPU_TM = "gpu-tm";
    /** Name of the external resource the GPU TaskManager advertises and focus slots request. */
    public static final String GPU = "gpu";

    public static final String JOBMANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** Flink's own command line ({@code flink run}), which submits jobs from a JVM with the cluster's classpath. */
    public static final String CLIENT = "client";

    public static final String CLIENT_MAIN = "org.apache.flink.client.cli.CliFrontend";
    static final String CLIENT_MEMORY = "-Xmx512m";
    /** JVM system property that marks a process as this cluster's, so `down` never signals an unrelated pid. */
    public static final String PROCESS_MARKER = "saccade.cluster.process";

    public static final String DIR_MARKER = "saccade.cluster.dir";

    // Flink's own defaults for Java 17 (env.java.opts.all in its distribution's config.yaml), which no script adds
    // here.
    static final List<String> MODULE_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final Pattern DYNAMIC_PROPERTY = Pattern.compile("-D\\s+(\\S+?)=(\\S+)");

    /** One JVM of the cluster: its name (also its TaskManager resource id), entry point, configuration and launch. */
    public record ProcessSpec(
            String name, String mainClass, Configuration config, List<String> jvmArgs, Map<String, String> env) {
        public boolean isTaskManager() {
            return !JOBMANAGER.equals(name);
        }
    }

    private final Path stateDir;
    private final Configuration settings;
    private final DeploymentConfig deployment;

    private ClusterPlan(Path stateDir, Configuration settings, DeploymentConfig deployment) {
        this.stateDir = stateDir;
        this.settings = settings;
        this.deployment = deployment;
    }

    /**
     * The plan for these settings: saccade.cluster.* options, and any other Flink option for every process, over the
     * deployment configuration every deployment shares (deploy/saccade.yaml).
     */
    public static ClusterPlan of(Configuration settings) {
        return new ClusterPlan(
                Path.of(settings.get(LocalClusterOptions.DIR)).toAbsolutePath().normalize(),
                settings,
                DeploymentConfig.load());
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path confDir(String process) {
        return stateDir.resolve("conf").resolve(process);
    }

    public Path logFile(String process) {
        return stateDir.resolve("log").resolve(process + ".log");
    }

    public Path outFile(String process) {
        return stateDir.resolve("log").resolve(process + ".out");
    }

    public Path pidFile(String process) {
        return stateDir.resolve("run").resolve(process + ".pid");
    }

    public Path pluginsDir() {
        return stateDir.resolve("plugins");
    }

    /** Java argument file with the classpath, so that process listings stay readable. */
    public Path classpathArgs() {
        return stateDir.resolve("conf").resolve("classpath.args");
    }

    public Path log4jConfig() {
        return stateDir.resolve("conf").resolve("log4j.properties");
    }

    public int restPort() {
        return settings.get(LocalClusterOptions.REST_PORT);
    }

    public int rpcPort() {
        return settings.get(LocalClusterOptions.RPC_PORT);
    }

    public String webUrl() {
        return "http://localhost:" + restPort();
    }

    public static List<String> processNames() {
        return List.of(JOBMANAGER, CPU_TM, GPU_TM);
    }

    public List<ProcessSpec> processes() {
        return List.of(jobManager(), taskManager(CPU_TM), taskManager(GPU_TM));
    }

    public ProcessSpec process(String name) {
        return switch (name) {
            case JOBMANAGER -> jobManager();
            case CPU_TM, GPU_TM -> taskManager(name);
            default -> throw new IllegalArgumentException("No cluster process named " + name);
        };
    }

    /**
     * The submitting client: a short-lived JVM like the cluster's, reading the JobManager's configuration, so that the
     * job's main method runs against the same classes as on the cluster, not against this process's classpath.
     */
    public ProcessSpec client() {
        Map<String, String> env = env(CLIENT);
        env.put("FLINK_CONF_DIR", confDir(JOBMANAGER).toString());
        return new ProcessSpec(CLIENT, CLIENT_MAIN, new Configuration(), jvmArgs(CLIENT, CLIENT_MEMORY), env);
    }

    private Configuration common() {
        Configuration c = new Configuration();
        // what every deployment shares, then this machine's own part; the user's --set wins over both
        deployment.common().forEach(c::setString);
        deployment.map("local", "flink").forEach(c::setString);
        // other Flink options given with --set apply to every process; the saccade.* ones are ours or the job's
        settings.toMap().forEach((k, v) -> {
            if (!k.startsWith("saccade.")) {
                c.setString(k, v);
            }
        });
        c.set(JobManagerOptions.ADDRESS, "localhost");
        c.set(JobManagerOptions.BIND_HOST, "localhost");
        c.set(JobManagerOptions.PORT, rpcPort());
        c.set(RestOptions.ADDRESS, "localhost");
        c.set(RestOptions.BIND_ADDRESS, "localhost");
        c.set(RestOptions.PORT, restPort());
        c.set(RestOptions.BIND_PORT, Integer.toString(restPort()));
        c.set(TaskManagerOptions.HOST, "localhost");
        c.set(TaskManagerOptions.BIND_HOST, "localhost");
        setIfAbsent(c, CoreOptions.DEFAULT_PARALLELISM, settings.get(LocalClusterOptions.CPU_SLOTS));
        setIfAbsent(
                c,
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                stateDir.resolve("checkpoints").toUri().toString());
        setIfAbsent(
                c,
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                stateDir.resolve("savepoints").toUri().toString());
        // everything a process writes stays under the state dir, so `down` can clean it up
        setIfAbsent(c, CoreOptions.TMP_DIRS, stateDir.resolve("tmp").toString());
        setIfAbsent(
                c,
                ClusterOptions.PROCESS_WORKING_DIR_BASE,
                stateDir.resolve("work").toString());
        setIfAbsent(c, WebOptions.TMP_DIR, stateDir.resolve("web").toString());
        return c;
    }

    private ProcessSpec jobManager() {
        Configuration c = withoutExternalResources(common());
        setIfAbsent(c, JobManagerOptions.TOTAL_PROCESS_MEMORY, settings.get(LocalClusterOptions.JOBMANAGER_MEMORY));
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(c);
        pin(c, JobManagerProcessUtils.generateDynamicConfigsStr(spec));
        List<String> jvm = jvmArgs(JOBMANAGER, JobManagerProcessUtils.generateJvmParametersStr(spec, c));
        return new ProcessSpec(JOBMANAGER, JOBMANAGER_MAIN, c, jvm, env(JOBMANAGER));
    }

    private ProcessSpec taskManager(String name) {
        boolean gpu = GPU_TM.equals(name);
        Configuration c = common();
        c.set(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID, name);
        c.set(
                TaskManagerOptions.NUM_TASK_SLOTS,
                settings.get(gpu ? LocalClusterOptions.GPU_SLOTS : LocalClusterOptions.CPU_SLOTS));
        c.set(
                TaskManagerOptions.TOTAL_PROCESS_MEMORY,
                settings.get(gpu ? LocalClusterOptions.GPU_TM_MEMORY : LocalClusterOptions.CPU_TM_MEMORY));
        // room for the native memory DJL and OpenCV allocate, as in every other deployment
        deployment.taskManagerCommon().forEach((k, v) -> {
            if (!c.containsKey(k)) {
                c.setString(k, v);
            }
        });
        if (gpu) {
            List<String> indices = Arrays.stream(
                            settings.get(LocalClusterOptions.GPU_INDICES).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (indices.isEmpty()) {
                throw new IllegalArgumentException(LocalClusterOptions.GPU_INDICES.key() + " names no GPU index");
            }
            c.set(ExternalResourceOptions.EXTERNAL_RESOURCE_LIST, List.of(GPU));
            c.setString(
                    ExternalResourceOptions.getAmountConfigOptionForResource(GPU), Integer.toString(indices.size()));
            c.setString(
                    ExternalResourceOptions.getExternalResourceDriverFactoryConfigOptionForResource(GPU),
                    GpuDriverFactory.class.getName());
            c.setString(
                    ExternalResourceOptions.getExternalResourceParamConfigPrefixForResource(GPU)
                            + GpuDriverFactory.INDICES.key(),
                    String.join(",", indices));
        } else {
            withoutExternalResources(c);
            // the CPU pool's label resource, as in every deployment: a whole job's io and glance groups ask for it
            deployment.map("pools", "cpu").forEach((k, v) -> {
                if (k.startsWith("external-resource")) {
                    c.setString(k, v);
                }
            });
        }
        // What the start scripts do through BashJavaUtils: derive every memory component once, pin them all in the
        // configuration (a TaskManager refuses to start otherwise) and size the JVM to match.
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(c);
        pin(c, TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
        List<String> jvm = jvmArgs(name, ProcessMemoryUtils.generateJvmParametersStr(spec));
        return new ProcessSpec(name, TASKMANAGER_MAIN, c, jvm, env(name));
    }

    private List<String> jvmArgs(String name, String memoryArgs) {
        List<String> jvm = new ArrayList<>(Arrays.asList(memoryArgs.trim().split("\\s+")));
        // what the start scripts would add from env.java.opts.all: thread stack size, DJL offline
        String shared = deployment
                .common()
                .getOrDefault(CoreOptions.FLINK_JVM_OPTIONS.key(), "")
                .trim();
        if (!shared.isEmpty()) {
            jvm.addAll(Arrays.asList(shared.split("\\s+")));
        }
        jvm.add("-Dlog.file=" + logFile(name));
        jvm.add("-Dlog4j.configurationFile=" + log4jConfig().toUri());
        jvm.add("-D" + PROCESS_MARKER + "=" + name);
        jvm.add("-D" + DIR_MARKER + "=" + stateDir);
        jvm.addAll(MODULE_OPENS);
        return List.copyOf(jvm);
    }

    private Map<String, String> env(String name) {
        // DJL must never phone home; OpenMP and OpenBLAS threads must not spin on busy cores
        Map<String, String> env = new LinkedHashMap<>(deployment.env());
        // the plugin manager reads this variable only; without it the GPU driver would not be found
        env.put("FLINK_PLUGINS_DIR", pluginsDir().toString());
        env.put("FLINK_CONF_DIR", confDir(name).toString());
        env.put("FLINK_LOG_DIR", logFile(name).getParent().toString());
        return env;
    }

    /** The process's config.yaml, in Flink's own YAML rendering (typed lists stay lists). */
    public static List<String> configYaml(ProcessSpec spec) {
        List<String> lines = new ArrayList<>();
        lines.add("# generated by ./saccade cluster up for " + spec.name() + "; rewritten at every start");
        lines.addAll(ConfigurationUtils.convertConfigToWritableLines(spec.config(), true));
        return lines;
    }

    // The derived memory sizes replace whatever led to them; other keys the utilities echo back (slots, external
    // resources) are already set with their proper types.
    private static void pin(Configuration c, String dynamicProperties) {
        parseDynamicProperties(dynamicProperties).forEach((k, v) -> {
            if (k.contains(".memory.") || !c.containsKey(k)) {
                c.setString(k, v);
            }
        });
    }

    /** The {@code -D key=value} pairs of Flink's process utilities, which are the only full list of derived values. */
    static Map<String, String> parseDynamicProperties(String dynamic) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = DYNAMIC_PROPERTY.matcher(dynamic);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    // external resource settings given with --set are meant for the GPU TaskManager: no other process advertises them
    private static Configuration withoutExternalResources(Configuration c) {
        for (String key : new ArrayList<>(c.keySet())) {
            if (key.startsWith("external-resource")) {
                c.removeKey(key);
            }
        }
        return c;
    }

    private static <T> void setIfAbsent(Configuration c, ConfigOption<T> option, T value) {
        if (!c.contains(option)) {
            c.set(option, value);
        }
    }
}
