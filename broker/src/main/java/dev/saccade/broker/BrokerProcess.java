package dev.saccade.broker;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka (KRaft) in a JVM of its own, Kafka's own {@code kafka.Kafka} main, with its data on disk
 * under a directory: it can be stopped, killed and started again on the same ports and the same data, as an operator
 * restarts a broker. Fault benches use it; the demo and most tests use the in-process {@link EmbeddedKafkaBroker}.
 */
public final class BrokerProcess implements KafkaCluster {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final String MAIN = "kafka.Kafka";

    private final Path dir;
    private final Map<String, String> props;
    private final String bootstrapServers;
    private Process process;
    private int starts;

    private BrokerProcess(Path dir, Map<String, String> props) {
        this.dir = dir;
        this.props = props;
        this.bootstrapServers = EmbeddedKafkaBroker.bootstrapServers(props);
    }

    /**
     * Formats a fresh broker under {@code dir} (which must not hold one yet), on two free ports of 127.0.0.1, and starts
     * it; returns once it answers clients.
     */
    public static BrokerProcess start(Path dir, Map<String, String> overrides) throws IOException {
        if (Files.exists(dir.resolve("data"))) {
            throw new IllegalStateException("A broker's data already lies in " + dir + "; choose an empty directory");
        }
        Files.createDirectories(dir);
        int[] ports = EmbeddedKafkaBroker.freePorts(2);
        Map<String, String> props = KraftConfig.defaults(dir, ports[0], ports[1]);
        // after a kill -9 the restarted broker may register only once its predecessor's session ran out: keep that
        // short (Kafka's default 9 s, with room for a busy machine); the in-process broker's 120 s guard against a
        // starved controller does not apply to a broker with a JVM of its own
        props.put("broker.session.timeout.ms", "15000");
        props.putAll(overrides);
        KraftConfig.format(props, dir);
        BrokerProcess b = new BrokerProcess(dir, props);
        b.writeLog4jConfig();
        b.start();
        return b;
    }

    /** Starts the broker process on its data (the first start, or after {@link #stop} or {@link #kill}). */
    public synchronized void start() throws IOException {
        if (running()) {
            throw new IllegalStateException("The broker at " + bootstrapServers + " runs already");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms256m");
        cmd.add("-Xmx768m");
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + dir.resolve("logs"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.add(dir.resolve("server.properties").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.out").toFile()));
        process = pb.start();
        process.getOutputStream().close();
        starts++;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The broker process exited (code " + process.exitValue() + ") during "
                        + "start-up; see " + dir.resolve("broker.out") + " and " + dir.resolve("logs"));
            }
            try {
                EmbeddedKafkaBroker.awaitClientReady(bootstrapServers);
                return;
            } catch (RuntimeException notYet) {
                last = notYet;
            }
        }
        kill();
        throw new IllegalStateException(
                "The broker at " + bootstrapServers + " did not answer within " + READY_TIMEOUT.toSeconds() + " s",
                last);
    }

    /** Stops the broker as an operator would (SIGTERM, a controlled shutdown), killing it after a grace period. */
    public synchronized void stop() {
        if (!running()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** {@code kill -9}: the broker goes away without a controlled shutdown; its data stays. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    public synchronized Optional<Long> pid() {
        return running() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** How many times the process was started (1 after {@link #start(Path, Map)}). */
    public synchronized int starts() {
        return starts;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void createTopics(int partitions, String... names) {
        Topics.create(bootstrapServers, partitions, names);
    }

    @Override
    public int transactionMaxTimeoutMs() {
        return Integer.parseInt(props.get("transaction.max.timeout.ms"));
    }

    /** Stops the broker; its directory stays for whoever wants to read its logs. */
    @Override
    public void close() {
        stop();
    }

    private void writeLog4jConfig() throws IOException {
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "# the broker's own log, size-capped, next to its data",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = File",
                        "appender.file.name = File",
                        "appender.file.type = RollingFile",
                        "appender.file.fileName = " + dir.resolve("logs").resolve("server.log"),
                        "appender.file.filePattern = " + dir.resolve("logs").resolve("server.log") + ".%i",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        "appender.file.policies.type = Policies",
                        "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                        "appender.file.policies.size.size = 20MB",
                        "appender.file.strategy.type = DefaultRolloverStrategy",
                        "appender.file.strategy.max = 2",
                        ""),
                StandardCharsets.UTF_8);
        // the formatted server.properties is what kafka.Kafka reads; rewrite it with the overrides applied
        Properties p = new Properties();
        p.putAll(props);
        try (OutputStream out = Files.newOutputStream(dir.resolve("server.properties"))) {
            p.store(out, "Saccade's broker in its own process (data in " + dir + File.separator + "data)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
