package dev.saccade.job.command;

import dev.saccade.job.JobOptions;
import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import dev.saccade.job.kafka.KafkaPreflight;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the job against an existing Kafka cluster: on local Flink here, or on the cluster it is submitted to. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Runs the Saccade job against an existing Kafka cluster. From ./saccade it runs on a local Flink "
                + "cluster in this process; the shaded jar's main class is this same command, for `flink run`.")
public final class JobCommand implements Callable<Integer> {
    @Mixin
    SettingsMixin settings;

    @Mixin
    ModelMixin models;

    @Option(
            names = "--stage",
            paramLabel = "STAGE",
            description =
                    "all (default) runs the whole adaptive job; glance writes focus requests to their topic; focus "
                            + "reads them and writes events (a CPU pool and a GPU pool as two jobs).")
    String stage;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (or --set saccade.kafka.bootstrap-servers=...).")
    String bootstrap;

    @Option(names = "--parallelism", description = "Flink parallelism (default: the environment's).")
    Integer parallelism;

    @Option(
            names = "--checkpoints",
            paramLabel = "DIR",
            description = "Run locally: where checkpoints are kept, and where a restart finds the latest to resume "
                    + "from (default: SACCADE_STATE, else ~/.local/state/saccade, /checkpoints/GROUP-MODE-STAGE).")
    java.nio.file.Path checkpoints;

    @Option(
            names = "--fresh",
            description = "Run locally: do not resume from the latest checkpoint; start from the committed Kafka "
                    + "offsets with empty state (clips being assembled when the job stopped lose those frames).")
    boolean fresh;

    @Spec
    CommandSpec spec;

    /** The topics this job's stage reads or writes. */
    private static List<String> topics(JobSettings s) {
        return switch (s.model().stage()) {
            case FOCUS -> List.of(s.focusRequestsTopic(), s.eventsTopic(), s.deadLetterTopic());
            case GLANCE -> List.of(s.framesTopic(), s.eventsTopic(), s.deadLetterTopic(), s.focusRequestsTopic());
            default -> List.of(s.framesTopic(), s.eventsTopic(), s.deadLetterTopic());
        };
    }

    /** A local run keeps its checkpoints and resumes from the latest unless --fresh; a cluster has its own ways. */
    private void resumeLocally(Configuration conf, JobSettings s) {
        java.nio.file.Path dir = checkpoints != null
                ? checkpoints.toAbsolutePath()
                : CheckpointResume.defaultDir(
                        conf.get(JobOptions.GROUP_ID),
                        s.model().mode().name().toLowerCase(java.util.Locale.ROOT),
                        s.model().stage().name().toLowerCase(java.util.Locale.ROOT));
        var latest = fresh ? java.util.Optional.<java.nio.file.Path>empty() : CheckpointResume.latest(dir);
        CheckpointResume.configure(conf, dir, latest);
        System.err.println(latest.map(p -> "job: resuming from checkpoint " + p + " (--fresh starts over)")
                .orElse("job: starting fresh; checkpoints go to " + dir + ", a restart resumes from the latest"));
    }

    /** The local Flink's REST API on localhost unless rest.bind-address says otherwise, at a port it prints. */
    private static String restLocally(Configuration conf) throws java.io.IOException {
        if (!conf.contains(RestOptions.BIND_ADDRESS)) {
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        }
        if (!conf.contains(RestOptions.BIND_PORT)) {
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                conf.set(RestOptions.BIND_PORT, Integer.toString(free.getLocalPort()));
            }
        }
        conf.set(RestOptions.ADDRESS, conf.get(RestOptions.BIND_ADDRESS));
        return "http://" + conf.get(RestOptions.BIND_ADDRESS) + ":" + conf.get(RestOptions.BIND_PORT);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> defaults = new HashMap<>();
        if (bootstrap != null) {
            defaults.put(JobOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
        }
        // the job serves real cameras: the bundle distilled from the teacher on real footage unless --model says
        models.addTo(defaults, null, ModelPaths.footageBundle());
        OptionChecks.oneOf(spec.commandLine(), "--stage", stage, "all", "glance", "focus");
        if (parallelism != null) {
            OptionChecks.atLeast(spec.commandLine(), "--parallelism", parallelism, 1);
        }
        if (stage != null) {
            defaults.put(dev.saccade.operators.OperatorOptions.STAGE.key(), stage.toUpperCase(java.util.Locale.ROOT));
        }
        ModelPaths.configurePipelineThreads();
        if (parallelism != null) {
            defaults.put(CoreOptions.DEFAULT_PARALLELISM.key(), parallelism.toString());
        }
        Configuration conf = settings.configuration(defaults);
        JobSettings s = JobSettings.from(conf);
        if (!ModelPreflight.check(s.model(), System.err)) {
            return 1;
        }
        if (bootstrap == null) {
            System.err.println("job: no --bootstrap given: Kafka at " + s.bootstrapServers());
        }
        try {
            List<String> missing =
                    KafkaPreflight.missingTopics(s.bootstrapServers(), topics(s), KafkaPreflight.TIMEOUT);
            if (!missing.isEmpty()) {
                System.err.println("job: topics missing at " + s.bootstrapServers() + ": " + String.join(", ", missing)
                        + "; the job restarts until they exist. Create them: ./saccade topics --bootstrap "
                        + s.bootstrapServers() + " --partitions N");
            }
        } catch (KafkaPreflight.Unreachable e) {
            throw new ParameterException(spec.commandLine(), "--bootstrap: " + e.getMessage());
        }
        String rest = null;
        if (StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment) {
            resumeLocally(conf, s);
            rest = restLocally(conf);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(SaccadeJob.withPipelineDefaults(conf));
        SaccadeJob.wire(env, s);
        JobClient client = env.executeAsync(SaccadeJob.NAME);
        System.err.println("job: " + client.getJobID() + " (mode "
                + s.model().mode().name().toLowerCase() + ", stage "
                + s.model().stage().name().toLowerCase() + ") at " + s.bootstrapServers() + ", events to "
                + s.eventsTopic()
                + (rest != null ? "; Flink REST API at " + rest + " (e.g. " + rest + "/jobs/overview)" : ""));
        // a local cluster lives in this process, so wait; a detached submission (flink run -d, the REST API) returns
        if (env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            client.getJobExecutionResult().get();
        }
        return 0;
    }
}
