package dev.saccade.cluster;

import dev.saccade.cluster.ClusterPlan.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.externalresource.ExternalResourceDriverFactory;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;

/**
 * A Flink session cluster on this machine, one JVM per process: a JobManager, a CPU TaskManager ({@code cpu-tm}) and a
 * TaskManager that advertises the external resource {@code gpu} ({@code gpu-tm}), started from the Maven-resolved jars
 * with configuration, logs and pid files under a state directory. {@code ./saccade cluster} and the tests drive it.
 */
public final class LocalCluster {
    private static final String CONFIG_FILE = "config.yaml";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern SUBMITTED_JOB = Pattern.compile("JobID ([0-9a-f]{32})");

    private final ClusterPlan plan;
    private final Duration startupTimeout;

    /** The cluster these settings describe; only {@code saccade.cluster.dir} matters to a cluster that already runs. */
    public LocalCluster(Configuration settings) {
        this.plan = ClusterPlan.of(settings);
        this.startupTimeout = settings.get(LocalClusterOptions.STARTUP_TIMEOUT);
    }

    public ClusterPlan plan() {
        return plan;
    }

    /** One process and whether it runs. */
    public record ProcessState(String name, Optional<Long> pid, boolean alive) {}

    /** What {@link #status} found: the processes, and what the REST API answered (empty when it did not). */
    public record Status(
            Path stateDir,
            String webUrl,
            List<ProcessState> processes,
            Optional<List<ClusterRest.TaskManager>> taskManagers,
            Optional<List<ClusterRest.Job>> jobs) {
        public boolean running() {
            return processes.stream().allMatch(ProcessState::alive) && taskManagers.isPresent();
        }

        public boolean stopped() {
            return processes.stream().noneMatch(ProcessState::alive);
        }
    }

    /**
     * Starts the three JVMs and returns once the REST API lists both TaskManagers; on failure stops whatever started and
     * throws with the end of the failing process's log.
     */
    public void up(JobArtifacts artifacts, PrintStream log) throws IOException {
        for (String name : ClusterPlan.processNames()) {
            if (handle(name).isPresent()) {
                throw new IllegalStateException("The cluster in " + plan.stateDir() + " already runs (" + name
                        + " is up); stop it with ./saccade cluster down");
            }
        }
        cleanState();
        requireFreePort(plan.restPort(), LocalClusterOptions.REST_PORT.key());
        requireFreePort(plan.rpcPort(), LocalClusterOptions.RPC_PORT.key());
        Files.createDirectories(plan.logFile(ClusterPlan.JOBMANAGER).getParent());
        Files.createDirectories(plan.pidFile(ClusterPlan.JOBMANAGER).getParent());
        writeGpuPlugin(plan.pluginsDir());
        writeLog4jConfig();
        List<ProcessSpec> specs = plan.processes();
        for (ProcessSpec spec : specs) {
            writeConfig(spec);
        }
        writeClasspathArgs(artifacts.clusterClasspath());
        long t0 = System.nanoTime();
        // Ctrl-C while waiting: a cluster that never came up is stopped, not left behind in its own session
        Thread abandon = new Thread(
                () -> {
                    try {
                        down(false, log);
                    } catch (IOException | RuntimeException e) {
                        log.println("cluster: could not stop the half-started cluster: " + e);
                    }
                },
                "cluster-abandon-start");
        Runtime.getRuntime().addShutdownHook(abandon);
        try {
            for (ProcessSpec spec : specs) {
                long pid = start(spec);
                log.printf("cluster: started %s (pid %d), log %s%n", spec.name(), pid, plan.logFile(spec.name()));
            }
            awaitTaskManagers(log);
        } catch (IOException | RuntimeException e) {
            log.println("cluster: start-up failed, stopping what started");
            down(false, log);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(abandon);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already
            }
        }
        log.printf(
                "cluster: up in %.1f s; web UI and REST API at %s (state in %s)%n",
                (System.nanoTime() - t0) / 1e9, webUrl(), plan.stateDir());
    }

    /** Stops every process of the cluster (SIGTERM, then SIGKILL after a grace period) and removes its runtime files. */
    public List<String> down(boolean purge, PrintStream log) throws IOException {
        Map<String, ProcessHandle> running = new LinkedHashMap<>();
        for (String name : ClusterPlan.processNames()) {
            handle(name).ifPresent(h -> running.put(name, h));
        }
        running.forEach((name, h) -> {
            log.printf("cluster: stopping %s (pid %d)%n", name, h.pid());
            h.destroy();
        });
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Map.Entry<String, ProcessHandle> e : running.entrySet()) {
            ProcessHandle h = e.getValue();
            if (!awaitExit(h, Math.max(0, deadline - System.nanoTime()))) {
                log.printf("cluster: %s did not stop within %d s, killing it%n", e.getKey(), STOP_GRACE.toSeconds());
                h.destroyForcibly();
                awaitExit(h, TimeUnit.SECONDS.toNanos(10));
            }
        }
        if (purge) {
            deleteTree(plan.stateDir());
        } else {
            cleanState();
        }
        return List.copyOf(running.keySet());
    }

    /**
     * {@code kill -9} of one process, as a crash or an OOM killer would: no shutdown hook, no deregistration. Returns the
     * pid it killed; throws when the process does not run.
     */
    public long kill(String name) {
        ProcessHandle h =
                handle(name).orElseThrow(() -> new IllegalStateException(name + " does not run in " + plan.stateDir()));
        h.destroyForcibly();
        if (!awaitExit(h, TimeUnit.SECONDS.toNanos(30))) {
            throw new IllegalStateException(name + " (pid " + h.pid() + ") survived kill -9 for 30 s");
        }
        return h.pid();
    }

    /**
     * Starts one process of a running cluster again with its written configuration, as a supervisor restarts a crashed
     * TaskManager, and returns once the REST API lists every TaskManager with its resources.
     */
    public long restart(String name, PrintStream log) throws IOException {
        requireRunning();
        if (handle(name).isPresent()) {
            throw new IllegalStateException(name + " runs already");
        }
        long pid = start(plan.process(name));
        log.printf("cluster: restarted %s (pid %d)%n", name, pid);
        awaitTaskManagers(log);
        return pid;
    }

    /** The processes from their pid files, and the REST API's view where it answers. */
    public Status status() {
        List<ProcessState> processes = new ArrayList<>();
        for (String name : ClusterPlan.processNames()) {
            Optional<Long> pid = readPid(name);
            processes.add(new ProcessState(name, pid, handle(name).isPresent()));
        }
        Optional<List<ClusterRest.TaskManager>> tms = Optional.empty();
        Optional<List<ClusterRest.Job>> jobs = Optional.empty();
        if (processes.get(0).alive()) {
            try {
                ClusterRest rest = rest();
                tms = Optional.of(rest.taskManagers());
                jobs = Optional.of(rest.jobs());
            } catch (IOException | RuntimeException e) {
                // the JobManager runs but does not answer yet: the process list says enough
            }
        }
        return new Status(plan.stateDir(), webUrl(), processes, tms, jobs);
    }

    /** The pids of the processes that run now. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : ClusterPlan.processNames()) {
            handle(name).ifPresent(h -> pids.put(name, h.pid()));
        }
        return pids;
    }

    /** Where the running cluster's REST API listens: its written configuration wins over the settings. */
    public String webUrl() {
        Path conf = plan.confDir(ClusterPlan.JOBMANAGER).resolve(CONFIG_FILE);
        if (Files.isRegularFile(conf)) {
            Configuration c =
                    GlobalConfiguration.loadConfiguration(conf.getParent().toString());
            return "http://" + c.get(RestOptions.ADDRESS) + ":" + c.get(RestOptions.PORT);
        }
        return plan.webUrl();
    }

    public ClusterRest rest() {
        return new ClusterRest(webUrl());
    }

    /**
     * Submits a job jar with {@code flink run --detached}: Flink's own command line of this build's Flink version, in a
     * JVM with the cluster's classpath and configuration, so the job's main method builds the job graph against the
     * same classes the TaskManagers have. Returns the job id.
     */
    public String submit(Path jar, List<String> args) throws IOException, InterruptedException {
        requireRunning();
        ProcessSpec client = plan.client();
        List<String> cmd = javaCommand(client);
        cmd.add("run");
        cmd.add("--detached");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.addAll(args);
        Path out = plan.outFile(ClusterPlan.CLIENT);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(plan.stateDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(client.env());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("flink run did not return within " + SUBMIT_TIMEOUT.toSeconds() + " s; see "
                    + out + " and " + plan.logFile(ClusterPlan.CLIENT));
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher id = SUBMITTED_JOB.matcher(printed);
        if (p.exitValue() != 0 || !id.find()) {
            throw new IllegalStateException("flink run failed (exit code " + p.exitValue() + "):\n" + tail(out, 40));
        }
        return id.group(1);
    }

    /** Cancels a job and returns once the cluster acknowledged it. */
    public void cancel(String jobId) throws Exception {
        try (RestClusterClient<StandaloneClusterId> rc =
                new RestClusterClient<>(clientConfiguration(), StandaloneClusterId.getInstance())) {
            rc.cancel(JobID.fromHexString(jobId)).get(1, TimeUnit.MINUTES);
        }
    }

    private void requireRunning() {
        if (!Files.isRegularFile(plan.confDir(ClusterPlan.JOBMANAGER).resolve(CONFIG_FILE))
                || handle(ClusterPlan.JOBMANAGER).isEmpty()) {
            throw new IllegalStateException(
                    "No cluster runs in " + plan.stateDir() + ": start one with ./saccade cluster up");
        }
    }

    private Configuration clientConfiguration() {
        requireRunning();
        Configuration c = GlobalConfiguration.loadConfiguration(
                plan.confDir(ClusterPlan.JOBMANAGER).toString());
        c.set(DeploymentOptions.TARGET, "remote");
        c.set(DeploymentOptions.ATTACHED, false);
        return c;
    }

    private List<String> javaCommand(ProcessSpec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(spec.jvmArgs());
        cmd.add("@" + plan.classpathArgs());
        cmd.add(spec.mainClass());
        return cmd;
    }

    private void writeClasspathArgs(List<Path> classpath) throws IOException {
        String cp = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        if (cp.contains("\"") || cp.contains("\\")) {
            throw new IllegalStateException(
                    "A classpath entry holds a quote or backslash, which a java @argfile cannot " + "carry: " + cp);
        }
        Files.writeString(plan.classpathArgs(), "-cp \"" + cp + "\"\n");
    }

    private long start(ProcessSpec spec) throws IOException {
        List<String> cmd = new ArrayList<>();
        // its own session: a Ctrl-C in the terminal that started the cluster must not reach it
        setsid().ifPresent(cmd::add);
        cmd.addAll(javaCommand(spec));
        cmd.add("--configDir");
        cmd.add(plan.confDir(spec.name()).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(plan.stateDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        plan.outFile(spec.name()).toFile()));
        pb.environment().putAll(spec.env());
        Process p = pb.start();
        p.getOutputStream().close();
        Files.writeString(plan.pidFile(spec.name()), Long.toString(p.pid()));
        return p.pid();
    }

    private void awaitTaskManagers(PrintStream log) throws IOException {
        ClusterRest rest = new ClusterRest(plan.webUrl());
        Set<String> wanted = Set.of(ClusterPlan.CPU_TM, ClusterPlan.GPU_TM);
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        Set<String> registered = Set.of();
        while (System.nanoTime() < deadline) {
            for (String name : ClusterPlan.processNames()) {
                if (handle(name).isEmpty()) {
                    throw new IllegalStateException(name + " exited during start-up; end of " + plan.logFile(name)
                            + ":\n" + tail(plan.logFile(name), 25) + tail(plan.outFile(name), 10));
                }
            }
            try {
                registered = new TreeSet<>();
                for (ClusterRest.TaskManager tm : rest.taskManagers()) {
                    if (!wanted.contains(tm.id())) {
                        log.println("cluster: note: an unexpected TaskManager " + tm.id() + " registered");
                    } else if (tm.extendedResources().keySet().containsAll(externalResources(tm.id()))) {
                        // listed before its resources were: not ready for a job that asks for them (seen once in CI)
                        registered.add(tm.id());
                    }
                }
                if (registered.containsAll(wanted)) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint comes up a few seconds after the JVM
            }
            ClusterRest.sleep(500);
        }
        throw new IllegalStateException("TaskManagers registered after " + startupTimeout.toSeconds() + " s: "
                + registered + ", expected " + wanted + "; see the logs in "
                + plan.logFile(ClusterPlan.JOBMANAGER).getParent());
    }

    /** The external resources (gpu, the cpu-pool label) a TaskManager's configuration makes it advertise. */
    private Set<String> externalResources(String taskManager) {
        return Set.copyOf(plan
                .process(taskManager)
                .config()
                .getOptional(org.apache.flink.configuration.ExternalResourceOptions.EXTERNAL_RESOURCE_LIST)
                .orElse(List.of())
                .stream()
                .filter(r -> !r.equals("none"))
                .toList());
    }

    /** The running process behind a pid file, only if its command line says it is this cluster's. */
    private Optional<ProcessHandle> handle(String name) {
        return readPid(name)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h -> isOurs(h, name));
    }

    private boolean isOurs(ProcessHandle h, String name) {
        Optional<String> cmd = h.info().commandLine();
        if (cmd.isEmpty()) {
            // some systems hide other processes' arguments; a java process at our pid is the best evidence left
            return h.info().command().map(c -> c.endsWith("java")).orElse(false);
        }
        return cmd.get().contains("-D" + ClusterPlan.PROCESS_MARKER + "=" + name + " ")
                && cmd.get().contains("-D" + ClusterPlan.DIR_MARKER + "=" + plan.stateDir() + " ");
    }

    private Optional<Long> readPid(String name) {
        Path f = plan.pidFile(name);
        try {
            return Files.isRegularFile(f)
                    ? Optional.of(Long.parseLong(Files.readString(f).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Flink finds external resource drivers through its plugin manager only (never the classpath): each plugin is a
     * directory of jars with a service entry. The driver's three classes go into one built from the running code.
     */
    static Path writeGpuPlugin(Path pluginsDir) throws IOException {
        Path dir = pluginsDir.resolve("saccade-gpu");
        Files.createDirectories(dir);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        Path jarFile = dir.resolve("saccade-gpu-driver.jar");
        try (OutputStream file = Files.newOutputStream(jarFile);
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Class<?> c :
                    List.of(GpuDriverFactory.class, GpuDriverFactory.Driver.class, GpuDriverFactory.GpuInfo.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("Cannot read " + entry + " from " + c.getClassLoader());
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    in.transferTo(jar);
                }
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + ExternalResourceDriverFactory.class.getName()));
            jar.write((GpuDriverFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jarFile;
    }

    private void writeConfig(ProcessSpec spec) throws IOException {
        Path dir = plan.confDir(spec.name());
        Files.createDirectories(dir);
        Files.write(dir.resolve(CONFIG_FILE), ClusterPlan.configYaml(spec), StandardCharsets.UTF_8);
    }

    private void writeLog4jConfig() throws IOException {
        Files.createDirectories(plan.log4jConfig().getParent());
        Files.writeString(
                plan.log4jConfig(),
                String.join(
                        "\n",
                        "# one size-capped log file per process; log.file is set on each JVM's command line",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.main.ref = MainAppender",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "appender.main.name = MainAppender",
                        "appender.main.type = RollingFile",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.filePattern = ${sys:log.file}.%i",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "appender.main.policies.type = Policies",
                        "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
                        "appender.main.policies.size.size = 50MB",
                        "appender.main.strategy.type = DefaultRolloverStrategy",
                        "appender.main.strategy.max = 3",
                        ""));
    }

    // Logs and savepoints stay; everything else is per-run and would only confuse the next start.
    private void cleanState() throws IOException {
        for (String dir : List.of("run", "conf", "plugins", "tmp", "work", "web", "checkpoints")) {
            deleteTree(plan.stateDir().resolve(dir));
        }
    }

    private static void requireFreePort(int port, String option) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Port " + port + " on localhost is taken; choose another with --set " + option + "=PORT", e);
        }
    }

    private static Optional<String> setsid() {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean awaitExit(ProcessHandle h, long nanos) {
        try {
            h.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        }
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e + ")\n";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
