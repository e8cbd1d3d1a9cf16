package dev.saccade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker in its own JVM keeps its records on disk through a controlled stop and through kill -9. */
class BrokerProcessITCase {

    @Test
    void recordsSurviveAStopAndAKillOnTheSamePorts(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
            long firstPid = broker.pid().orElseThrow();
            assertThat(firstPid).isNotEqualTo(ProcessHandle.current().pid());
            broker.createTopics(2, "kept");
            produce(broker, "before-stop", 20);

            broker.stop();
            assertThat(broker.running()).isFalse();
            broker.start();
            produce(broker, "after-stop", 20);

            broker.kill();
            assertThat(broker.running()).isFalse();
            broker.start();
            assertThat(broker.starts()).isEqualTo(3);
            assertThat(broker.pid().orElseThrow()).isNotEqualTo(firstPid);

            List<String> values = consumeAll(broker, 40);
            assertThat(values).hasSize(40);
            assertThat(values.stream().filter(v -> v.startsWith("before-stop"))).hasSize(20);
            assertThat(values.stream().filter(v -> v.startsWith("after-stop"))).hasSize(20);
        }
        assertThat(dir.resolve("broker").resolve("logs").resolve("server.log")).isNotEmptyFile();
    }

    @Test
    void refusesADirectoryThatHoldsABrokerAlready(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            assertThatThrownBy(() -> BrokerProcess.start(dir, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already lies in");
        }
    }

    private static void produce(BrokerProcess broker, String prefix, int n) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>("kept", "k" + i, prefix + "-" + i))
                        .get();
            }
        }
    }

    private static List<String> consumeAll(BrokerProcess broker, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition("kept", 0), new TopicPartition("kept", 1));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new String(r.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
