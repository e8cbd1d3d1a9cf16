package dev.saccade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process KRaft broker is a real Kafka: keyed ordering, transactions with RF 1, clean shutdown. */
class EmbeddedKafkaBrokerITCase {

    @Test
    void producesAndConsumesKeyedRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.err.printf(
                    "embedded Kafka started in %d ms at %s%n",
                    broker.startupTime().toMillis(), broker.bootstrapServers());
            KafkaChecks.keyedRecordsRoundTrip(broker, "frames");
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.err.printf(
                    "embedded Kafka started in %d ms at %s%n",
                    broker.startupTime().toMillis(), broker.bootstrapServers());
            assertThat(broker.transactionMaxTimeoutMs()).isEqualTo(900_000);
            KafkaChecks.onlyCommittedTransactionsAreVisible(broker, "events");
        }
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsDirectory() {
        // The demo prints JSON on stdout, so starting and stopping a broker must not write a byte there.
        PrintStream originalOut = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        EmbeddedKafkaBroker broker;
        Path dir;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            broker = EmbeddedKafkaBroker.start(Map.of("transaction.max.timeout.ms", "120000"));
            dir = broker.baseDirectory();
            broker.createTopics(1, "quiet");
        } finally {
            System.setOut(originalOut);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(broker.transactionMaxTimeoutMs()).isEqualTo(120_000);
        assertThat(dir).isDirectory();

        long t0 = System.nanoTime();
        broker.close();
        System.err.printf("embedded Kafka closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(Files.exists(dir)).isFalse();
        broker.close(); // idempotent
        assertThatThrownBy(() -> broker.createTopics(1, "late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startFailureIsReportedClearly() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(Map.of("node.id", "not-a-number")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not start the embedded Kafka broker")
                .hasMessageContaining("not-a-number")
                .satisfies(e -> System.err.println("start failure reads: " + e.getMessage()));
    }
}
