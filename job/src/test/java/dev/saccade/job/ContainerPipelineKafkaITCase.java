package dev.saccade.job;

import dev.saccade.broker.ContainerKafkaCluster;
import dev.saccade.broker.KafkaCluster;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same pipeline test against a Kafka container, where a Docker engine is reachable; skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPipelineKafkaITCase extends AbstractPipelineKafkaITCase {
    @Container
    static final KafkaContainer KAFKA = ContainerKafkaCluster.newContainer();

    @Override
    protected KafkaCluster kafka() {
        return new ContainerKafkaCluster(KAFKA);
    }
}
