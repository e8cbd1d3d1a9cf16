package dev.saccade.broker;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation shared by every {@link KafkaCluster}, waiting until the topics can actually be used. */
final class Topics {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Topics() {}

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "saccade-broker-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()));
    }

    static void create(String bootstrapServers, int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        Set<String> topics = new LinkedHashSet<>(List.of(names));
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrapServers)) {
            // Empty replication factor: the broker's default.replication.factor, 1 on a single node.
            List<NewTopic> requests = topics.stream()
                    .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                    .toList();
            for (Map.Entry<String, KafkaFuture<Void>> created :
                    admin.createTopics(requests).values().entrySet()) {
                try {
                    created.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + created.getKey() + " on " + bootstrapServers, e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + topics + " on " + bootstrapServers, e);
        }
    }

    // CreateTopics returns once the controller has the topic; producers need the broker to know the leader too.
    private static void awaitLeaders(Admin admin, Set<String> topics, long deadline)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(topics).allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                if (described.values().stream().allMatch(Topics::allPartitionsLed)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topics " + topics, e.getCause());
                }
            }
            remainingMs(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean allPartitionsLed(TopicDescription description) {
        return !description.partitions().isEmpty()
                && description.partitions().stream()
                        .map(TopicPartitionInfo::leader)
                        .allMatch(l -> l != null && !l.isEmpty());
    }

    private static long remainingMs(long deadlineNanos) throws TimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("no time left");
        }
        return remaining;
    }
}
