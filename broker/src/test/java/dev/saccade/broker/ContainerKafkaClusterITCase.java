package dev.saccade.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same checks against the pinned apache/kafka image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaClusterITCase {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startContainer() {
        KafkaContainer container = ContainerKafkaCluster.newContainer();
        container.start();
        cluster = new ContainerKafkaCluster(container);
    }

    @AfterAll
    static void stopContainer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void producesAndConsumesKeyedRecords() throws Exception {
        KafkaChecks.keyedRecordsRoundTrip(cluster, "frames");
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() throws Exception {
        assertThat(cluster.transactionMaxTimeoutMs()).isEqualTo(900_000);
        KafkaChecks.onlyCommittedTransactionsAreVisible(cluster, "events");
    }

    @Test
    void dockerIsReportedAvailable() {
        assertThat(KafkaClusters.dockerAvailable()).isTrue();
    }
}
