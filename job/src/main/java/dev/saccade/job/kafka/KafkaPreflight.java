package dev.saccade.job.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Before a command uses Kafka: is the broker there, and which of the topics it needs are missing. */
public final class KafkaPreflight {
    /** Long enough for a broker under load, short enough that a wrong address is reported at once. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaPreflight() {}

    /** Thrown when no broker answers at the bootstrap address in time. */
    public static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The topics of {@code needed} the cluster at {@code bootstrap} does not have. */
    public static List<String> missingTopics(String bootstrap, Collection<String> needed, Duration timeout)
            throws Unreachable {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return needed.stream().filter(t -> !existing.contains(t)).toList();
        } catch (TimeoutException | ExecutionException e) {
            throw new Unreachable(
                    "no Kafka broker answered at " + bootstrap + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while reaching Kafka at " + bootstrap, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new Unreachable("cannot reach Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }
}
