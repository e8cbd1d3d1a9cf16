package dev.saccade.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produce/consume checks shared by the embedded and the container-backed cluster tests. */
final class KafkaChecks {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private KafkaChecks() {}

    /** Keyed records come back complete and, per key, in the order they were sent. */
    static void keyedRecordsRoundTrip(KafkaCluster cluster, String topic) throws Exception {
        cluster.createTopics(3, topic);
        cluster.createTopics(3, topic); // idempotent: an existing topic is not an error

        int keys = 6;
        int perKey = 25;
        try (KafkaProducer<String, String> producer = producer(cluster, Map.of())) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    producer.send(new ProducerRecord<>(topic, "cam-" + k, "cam-" + k + "/" + i));
                }
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = readAll(cluster, topic, "read_uncommitted", keys * perKey);
        assertThat(records).hasSize(keys * perKey);
        assertThat(records).extracting(ConsumerRecord::partition).containsAnyOf(0, 1, 2);

        Map<String, List<String>> byKey = new LinkedHashMap<>();
        Map<String, Integer> partitionOfKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            assertThat(partitionOfKey.computeIfAbsent(r.key(), k -> r.partition()))
                    .as("all records of key %s in one partition", r.key())
                    .isEqualTo(r.partition());
        }
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, values) -> {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(key + "/" + i);
            }
            assertThat(values).as("records of %s in send order", key).containsExactlyElementsOf(expected);
        });
    }

    /** A read_committed consumer sees committed transactions only; aborted records stay in the log. */
    static void onlyCommittedTransactionsAreVisible(KafkaCluster cluster, String topic) throws Exception {
        cluster.createTopics(3, topic);
        Map<String, Object> tx = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "saccade-broker-" + UUID.randomUUID(),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                Math.min(60_000, cluster.transactionMaxTimeoutMs()));
        try (KafkaProducer<String, String> producer = producer(cluster, tx)) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "b", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "c", "aborted-2"));
            producer.flush(); // the aborted records must really reach the log, not just the client buffer
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-3"));
            producer.commitTransaction();
        }

        List<String> committed = values(readAll(cluster, topic, "read_committed", 3));
        assertThat(committed).containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
        // Per key the order holds even across transactions.
        assertThat(committed.stream().filter(v -> v.equals("committed-1") || v.equals("committed-3")))
                .containsExactly("committed-1", "committed-3");

        List<String> everything = values(readAll(cluster, topic, "read_uncommitted", 5));
        assertThat(everything)
                .containsExactlyInAnyOrder("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster, Map<String, Object> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    // Reads until `expected` records arrived, then a little longer so extra (e.g. aborted) records would show up.
    private static List<ConsumerRecord<String, String>> readAll(
            KafkaCluster cluster, String topic, String isolation, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
