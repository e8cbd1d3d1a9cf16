package dev.saccade.cli;

import dev.saccade.job.JobOptions;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.job.kafka.KafkaPreflight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Creates the topics the job reads and writes, with partitions and retention, leaving existing ones as they are. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Creates Saccade's topics on a Kafka cluster (frames, events, dead letters and, for the split "
                + "deployment, focus requests) where they do not exist yet, and lists them. Frames and focus "
                + "requests are keyed by stream id: size --partitions for your streams.")
public final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication",
            defaultValue = "1",
            description = "Replication factor of each new topic (default: ${DEFAULT-VALUE}).")
    short replication;

    @Option(
            names = "--retention-hours",
            defaultValue = "24",
            description = "How long the frames and focus-requests topics keep records, in hours; events and dead "
                    + "letters keep the broker's default (default: ${DEFAULT-VALUE}).")
    int retentionHours;

    @Option(
            names = "--prefix",
            description = "Topic names: saccade.frames etc. by default; with a prefix P, P.frames, P.events, "
                    + "P.dead-letters and P.focus-requests.")
    String prefix;

    @Spec
    CommandSpec spec;

    /** The four topic names, frames first, as the job's defaults or under a prefix. */
    List<String> names() {
        if (prefix == null) {
            return List.of(
                    JobOptions.FRAMES_TOPIC.defaultValue(),
                    JobOptions.EVENTS_TOPIC.defaultValue(),
                    JobOptions.DEAD_LETTER_TOPIC.defaultValue(),
                    JobOptions.FOCUS_REQUESTS_TOPIC.defaultValue());
        }
        return List.of(prefix + ".frames", prefix + ".events", prefix + ".dead-letters", prefix + ".focus-requests");
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.between(spec.commandLine(), "--partitions", partitions, 1, 10_000);
        OptionChecks.between(spec.commandLine(), "--replication", replication, 1, 100);
        OptionChecks.between(spec.commandLine(), "--retention-hours", retentionHours, 1, 100_000);
        Duration timeout = KafkaPreflight.TIMEOUT;
        List<String> names = names();
        List<String> missing;
        try {
            missing = KafkaPreflight.missingTopics(bootstrap, names, timeout);
        } catch (KafkaPreflight.Unreachable e) {
            throw new ParameterException(spec.commandLine(), "--bootstrap: " + e.getMessage());
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> create = new ArrayList<>();
            String retention = Long.toString(Duration.ofHours(retentionHours).toMillis());
            Set<String> keyedInputs = Set.of(names.get(0), names.get(3));
            for (String name : missing) {
                NewTopic t = new NewTopic(name, partitions, replication);
                if (keyedInputs.contains(name)) {
                    t.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retention));
                }
                create.add(t);
            }
            admin.createTopics(create).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            var described = describeOnceKnown(admin, names, timeout);
            for (String name : names) {
                System.out.printf(
                        "%-28s %3d partitions  %s%n",
                        name,
                        described.get(name).partitions().size(),
                        missing.contains(name) ? "created" : "exists (left as it is)");
            }
        }
        return 0;
    }

    /**
     * Describes the topics, waiting out the moment after a create when the broker answering has not yet seen the new
     * topics in its metadata (KRaft propagates them asynchronously: UnknownTopicOrPartitionException once failed CI).
     */
    private static Map<String, org.apache.kafka.clients.admin.TopicDescription> describeOnceKnown(
            Admin admin, List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
