package dev.saccade.bench;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.operators.OperatorOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;

/** Starts the real job of one mode on local Flink against a bench's embedded broker, with topics of its own. */
public final class BenchJob {
    private BenchJob() {}

    /** A started job and the settings it runs with (its events topic among them). */
    public record Started(JobClient client, JobSettings settings) {}

    /**
     * The job for {@code mode} reading {@code framesTopic}; events, dead letters, group and transactional ids are
     * unique to this start, so one mode's run never reads another's output.
     */
    public static Started start(
            EmbeddedKafkaBroker broker,
            String framesTopic,
            String mode,
            int parallelism,
            Path bundle,
            Map<String, String> overrides)
            throws Exception {
        String suffix = mode + "-" + System.currentTimeMillis();
        Map<String, String> conf = new HashMap<>();
        conf.put(JobOptions.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        conf.put(JobOptions.FRAMES_TOPIC.key(), framesTopic);
        conf.put(JobOptions.GROUP_ID.key(), "bench-" + suffix);
        conf.put(JobOptions.EVENTS_TOPIC.key(), "bench-events-" + suffix);
        conf.put(JobOptions.DEAD_LETTER_TOPIC.key(), "bench-dead-" + suffix);
        conf.put(JobOptions.TRANSACTIONAL_ID_PREFIX.key(), "bench-" + suffix);
        conf.put(CoreOptions.DEFAULT_PARALLELISM.key(), Integer.toString(parallelism));
        conf.put(OperatorOptions.MODE.key(), mode.toUpperCase(Locale.ROOT));
        conf.put(OperatorOptions.MODEL_BUNDLE.key(), bundle.toString());
        conf.putAll(overrides);
        Configuration c = Configuration.fromMap(conf);
        JobSettings s = JobSettings.from(c);
        broker.createTopics(4, s.eventsTopic(), s.deadLetterTopic());
        return new Started(SaccadeJob.start(c, s), s);
    }
}
