package dev.saccade.job;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.broker.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pipeline against the in-process KRaft broker (no Docker needed). */
class EmbeddedPipelineKafkaITCase extends AbstractPipelineKafkaITCase {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected KafkaCluster kafka() {
        return broker;
    }
}
