package dev.saccade.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM, without Docker. */
public final class EmbeddedKafkaBroker implements KafkaCluster {

    /** Kafka's own default, kept so that timeouts tested here behave as on a stock broker. */
    public static final int DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 900_000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final int NODE_ID = 1;
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path baseDirectory;
    private final String bootstrapServers;
    private final int transactionMaxTimeoutMs;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            Path baseDirectory,
            String bootstrapServers,
            int transactionMaxTimeoutMs,
            Duration startupTime) {
        this.server = server;
        this.baseDirectory = baseDirectory;
        this.bootstrapServers = bootstrapServers;
        this.transactionMaxTimeoutMs = transactionMaxTimeoutMs;
        this.startupTime = startupTime;
        // The demo may be stopped with Ctrl-C before anyone calls close(); still leave no temp dir behind.
        this.shutdownHook = new Thread(this::close, "saccade-embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the embedded defaults. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /** Starts a broker whose server properties are the embedded defaults overridden by {@code brokerOverrides}. */
    public static EmbeddedKafkaBroker start(Map<String, String> brokerOverrides) {
        Map<String, String> overrides = brokerOverrides == null ? Map.of() : Map.copyOf(brokerOverrides);
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(overrides);
            } catch (RuntimeException | LinkageError e) {
                // Free ports are picked before Kafka binds them, so another process can win the race; retry only that.
                if (attempt < START_ATTEMPTS && causedBy(e, BindException.class)) {
                    LOG.warn("Embedded Kafka could not bind its ports, retrying ({}/{})", attempt, START_ATTEMPTS);
                    continue;
                }
                throw new IllegalStateException(
                        "Could not start the embedded Kafka broker (KRaft, in-process): " + rootMessage(e), e);
            }
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void createTopics(int partitions, String... names) {
        ensureOpen();
        Topics.create(bootstrapServers, partitions, names);
    }

    @Override
    public int transactionMaxTimeoutMs() {
        return transactionMaxTimeoutMs;
    }

    /** How long {@link #start} took, from creating the temp dir to a broker that answers clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Holds the data and metadata logs; deleted by {@link #close()}. */
    Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmExiting) {
            // Called from the hook itself (or while the JVM exits): nothing left to unregister.
        }
        long t0 = System.nanoTime();
        shutdownQuietly(server);
        ExitGuard.release();
        deleteQuietly(baseDirectory);
        LOG.info(
                "Embedded Kafka at {} stopped in {} ms",
                bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The embedded Kafka broker is closed");
        }
    }

    private static EmbeddedKafkaBroker startOnce(Map<String, String> overrides) {
        long t0 = System.nanoTime();
        Path base = createTempDirectory();
        KafkaRaftServer server = null;
        boolean guarded = false;
        try {
            int[] ports = freePorts(2);
            Map<String, String> props = KraftConfig.defaults(base, ports[0], ports[1]);
            props.putAll(overrides);
            KraftConfig.format(props, base);

            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            ExitGuard.acquire();
            guarded = true;
            // Returns once the broker is registered and unfenced, or throws after server.max.startup.time.ms.
            server.startup();

            String bootstrap = bootstrapServers(props);
            awaitClientReady(bootstrap);
            int txMax = Integer.parseInt(props.get("transaction.max.timeout.ms"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("Embedded Kafka started at {} in {} ms (data in {})", bootstrap, took.toMillis(), base);
            return new EmbeddedKafkaBroker(server, base, bootstrap, txMax, took);
        } catch (RuntimeException | Error e) {
            shutdownQuietly(server);
            if (guarded) {
                ExitGuard.release();
            }
            deleteQuietly(base);
            throw e;
        }
    }

    static String bootstrapServers(Map<String, String> props) {
        for (String listener : props.get("advertised.listeners").split(",")) {
            String[] nameAndAddress = listener.trim().split("://", 2);
            if (nameAndAddress.length == 2 && !nameAndAddress[0].equalsIgnoreCase(CONTROLLER_LISTENER)) {
                return nameAndAddress[1];
            }
        }
        throw new IllegalArgumentException(
                "No client listener in advertised.listeners=" + props.get("advertised.listeners"));
    }

    // startup() already waits for unfencing; one round trip proves the advertised address answers too.
    static void awaitClientReady(String bootstrap) {
        try (Admin admin = Topics.admin(bootstrap)) {
            if (admin.describeCluster()
                    .nodes()
                    .get(Topics.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .isEmpty()) {
                throw new IllegalStateException("The broker at " + bootstrap + " reports no nodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker at " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker at " + bootstrap + " does not answer clients", e);
        }
    }

    static int[] freePorts(int count) {
        // All sockets stay open until every port is picked, so the ports differ from each other.
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free ports on " + HOST, e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // Closing a never-accepted probe socket cannot fail in a way that matters.
                    }
                }
            }
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("saccade-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for the embedded Kafka broker", e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException | Error e) {
            LOG.warn("Embedded Kafka did not shut down cleanly", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(t.getMessage());
        boolean rootAlreadySaid = root == t || (root.getMessage() != null && message.contains(root.getMessage()));
        return rootAlreadySaid ? message : message + " (root cause: " + root + ")";
    }

    /** Keeps a fatal fault inside an embedded broker from halting the whole JVM (the demo, or surefire's fork). */
    private static final class ExitGuard {
        private static int holders;

        static synchronized void acquire() {
            if (holders++ == 0) {
                Exit.setExitProcedure((code, message) -> refuse("exit", code, message));
                Exit.setHaltProcedure((code, message) -> refuse("halt", code, message));
            }
        }

        static synchronized void release() {
            if (holders > 0 && --holders == 0) {
                Exit.resetExitProcedure();
                Exit.resetHaltProcedure();
            }
        }

        private static void refuse(String kind, int code, String message) {
            LOG.error(
                    "Embedded Kafka asked to {} the JVM with status {}: {}; the broker is now unusable",
                    kind,
                    code,
                    message);
            throw new IllegalStateException("Embedded Kafka requested JVM " + kind + " (" + code + "): " + message);
        }
    }
}
