package dev.saccade.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single-node KRaft broker's settings and storage formatting, shared by the in-process and the separate-process broker. */
final class KraftConfig {
    private static final Logger LOG = LoggerFactory.getLogger(KraftConfig.class);

    private KraftConfig() {}

    static Map<String, String> defaults(Path base, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(EmbeddedKafkaBroker.NODE_ID));
        // A static single-voter quorum: no dynamic-quorum bootstrapping needed when formatting.
        p.put(
                "controller.quorum.voters",
                EmbeddedKafkaBroker.NODE_ID + "@" + EmbeddedKafkaBroker.HOST + ":" + controllerPort);
        p.put("controller.listener.names", EmbeddedKafkaBroker.CONTROLLER_LISTENER);
        p.put(
                "listeners",
                EmbeddedKafkaBroker.BROKER_LISTENER + "://" + EmbeddedKafkaBroker.HOST + ":" + brokerPort + ","
                        + EmbeddedKafkaBroker.CONTROLLER_LISTENER + "://" + EmbeddedKafkaBroker.HOST + ":"
                        + controllerPort);
        p.put(
                "advertised.listeners",
                EmbeddedKafkaBroker.BROKER_LISTENER + "://" + EmbeddedKafkaBroker.HOST + ":" + brokerPort);
        p.put(
                "listener.security.protocol.map",
                EmbeddedKafkaBroker.BROKER_LISTENER + ":PLAINTEXT," + EmbeddedKafkaBroker.CONTROLLER_LISTENER
                        + ":PLAINTEXT");
        p.put("inter.broker.listener.name", EmbeddedKafkaBroker.BROKER_LISTENER);
        p.put("log.dirs", base.resolve("data").toString());

        // One node: every internal topic must fit on it, or transactions and consumer groups never come up.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("transaction.max.timeout.ms", Integer.toString(EmbeddedKafkaBroker.DEFAULT_TRANSACTION_MAX_TIMEOUT_MS));

        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Startup and footprint: fewer threads on small CI machines, and the cleaner would otherwise
        // allocate a 128 MiB dedupe buffer up front.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        // The broker is unfenced on a heartbeat; the default 2 s interval would dominate startup.
        p.put("broker.heartbeat.interval.ms", "200");
        // One node, sharing a small machine's cores with the job under test: a starved controller once timed the
        // broker's heartbeats out, fenced it, and its producers lost their sequence numbers (OutOfOrderSequence).
        // Fencing the only broker never helps, so its session outlasts any stall.
        p.put("broker.session.timeout.ms", "120000");
        // Fail instead of hanging forever if the node cannot come up.
        p.put("server.max.startup.time.ms", "120000");
        return p;
    }

    // Formats through the storage tool's own entry point so the 4.2 validation rules apply;
    // its report goes to a buffer because the demo's stdout is reserved for JSON.
    static void format(Map<String, String> props, Path base) {
        Path configFile = base.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(props);
        try (OutputStream out = Files.newOutputStream(configFile)) {
            properties.store(out, "embedded Kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + configFile, e);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(
                    new String[] {
                        "format",
                        "--config",
                        configFile.toString(),
                        "--cluster-id",
                        Uuid.randomUuid().toString()
                    },
                    ps);
        } catch (RuntimeException e) {
            String printed = report.toString(StandardCharsets.UTF_8).trim();
            throw new IllegalStateException(
                    "Formatting the KRaft storage failed: " + e.getMessage()
                            + (printed.isEmpty() ? "" : " | " + printed),
                    e);
        }
        if (rc != 0) {
            throw new IllegalStateException("Formatting the KRaft storage failed (exit code " + rc + "): "
                    + report.toString(StandardCharsets.UTF_8).trim());
        }
        LOG.debug(
                "KRaft storage formatted: {}",
                report.toString(StandardCharsets.UTF_8).trim());
    }
}
