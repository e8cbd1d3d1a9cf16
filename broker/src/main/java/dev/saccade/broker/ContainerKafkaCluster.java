package dev.saccade.broker;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A {@link KafkaCluster} backed by a started Testcontainers {@link KafkaContainer}, for machines with Docker. */
public final class ContainerKafkaCluster implements KafkaCluster {

    /** Pinned to the same Kafka release as the embedded broker, so both paths test the same broker code. */
    public static final String IMAGE = "apache/kafka:4.2.0";

    private final KafkaContainer container;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps an already started container; {@link #close()} stops it. */
    public ContainerKafkaCluster(KafkaContainer started) {
        this.container = Objects.requireNonNull(started, "started");
        if (!started.isRunning()) {
            throw new IllegalArgumentException("The Kafka container must be started before it is wrapped");
        }
    }

    /** An unstarted container of {@link #IMAGE} configured like the embedded broker. */
    public static KafkaContainer newContainer() {
        // Testcontainers already sets the offsets and transaction topics to RF 1; share groups need it too.
        return new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void createTopics(int partitions, String... names) {
        Topics.create(bootstrapServers(), partitions, names);
    }

    @Override
    public int transactionMaxTimeoutMs() {
        String configured = container.getEnvMap().get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS");
        return configured == null
                ? EmbeddedKafkaBroker.DEFAULT_TRANSACTION_MAX_TIMEOUT_MS
                : Integer.parseInt(configured.trim());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
        }
    }
}
