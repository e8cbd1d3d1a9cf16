package dev.saccade.broker;

/** A running Kafka cluster that the demo and the integration tests can produce to and consume from. */
public interface KafkaCluster extends AutoCloseable {

    /** Comma-separated host:port list for the clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /**
     * Creates the topics with the broker's default replication factor and returns once every partition has a
     * leader; topics that already exist are left as they are.
     */
    void createTopics(int partitions, String... names);

    /**
     * The broker's {@code transaction.max.timeout.ms}: transactional producers (Flink's exactly-once sink
     * defaults to one hour) must ask for no more than this or {@code initTransactions} fails.
     */
    int transactionMaxTimeoutMs();

    /** Stops the cluster and frees what it holds; calling it again does nothing. */
    @Override
    void close();
}
