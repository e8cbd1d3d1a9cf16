package dev.saccade.job;

import dev.saccade.job.command.JobCommand;
import dev.saccade.job.kafka.KafkaIO;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.ingest.AvroLimits;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/** The job's entry point on a cluster (the shaded jar's main class) and the wiring of Kafka around the pipeline. */
public final class SaccadeJob {
    public static final String NAME = "saccade";

    private SaccadeJob() {}

    /**
     * Cluster entry point: accepts the same options as {@code ./saccade job}. It never calls System.exit and lets every
     * exception through: it runs inside a Flink client or a JobManager, which must stay up and report the failure
     * (and which capture a job graph by aborting the main method with an exception of their own).
     */
    public static void main(String[] args) throws Exception {
        JobCommand command = new JobCommand();
        CommandLine cli = new CommandLine(command);
        try {
            if (CommandLine.printHelpIfRequested(cli.parseArgs(args))) {
                return;
            }
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + cli.getUsageMessage(), e);
        }
        command.call();
    }

    /** Flink settings every Saccade job runs with, whatever else the user configures. */
    public static Configuration withPipelineDefaults(Configuration conf) {
        Configuration c = new Configuration(conf);
        // fail fast instead of silently falling back to Kryo for a type Flink cannot analyse
        c.set(PipelineOptions.GENERIC_TYPES, false);
        // chained operators hand frames over by reference: no copies between decode, differencing and clips
        c.set(PipelineOptions.OBJECT_REUSE, true);
        // clips buffer their frames in keyed state (megabytes per subtask): more than the JobManager's 5 MB in-memory
        // checkpoint storage takes, so checkpoints go to files unless the user chose a storage
        if (!c.contains(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                && !c.contains(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE)) {
            c.set(
                    org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "saccade-checkpoints")
                            .toUri()
                            .toString());
        }
        // a local run's one TaskManager needs a slot per parallel subtask in each slot sharing group (io, glance,
        // focus,
        // plus the default group of anything a caller adds); a cluster's TaskManagers keep their own slot count
        if (!c.contains(org.apache.flink.configuration.TaskManagerOptions.NUM_TASK_SLOTS)) {
            int parallelism = c.getOptional(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM)
                    .orElse(Runtime.getRuntime().availableProcessors());
            c.set(org.apache.flink.configuration.TaskManagerOptions.NUM_TASK_SLOTS, 4 * parallelism);
        }
        return c;
    }

    /** Adds source, pipeline and sinks of the configured mode and stage to the environment. */
    public static void wire(StreamExecutionEnvironment env, JobSettings s) {
        AvroLimits.install();
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // a whole job with GPU focus keeps its other groups on CPU TaskManagers; a glance or focus job runs on one pool
        boolean keepOffGpus = s.model().stage() == OperatorOptions.Stage.ALL && s.focusGpus() > 0;
        SaccadePipeline.SlotGroups groups = s.sizedSlotGroups()
                ? SaccadePipeline.SlotGroups.sized(s.focusGpus(), keepOffGpus ? s.cpuPoolResource() : null)
                : SaccadePipeline.SlotGroups.named();
        if (s.model().stage() == OperatorOptions.Stage.FOCUS) {
            var records = env.fromSource(
                            KafkaIO.focusRequestSource(s),
                            org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                            "focus-requests")
                    .uid("kafka-focus-requests")
                    .slotSharingGroup(groups.io());
            SaccadePipeline.Outputs out = SaccadePipeline.focusJob(records, s.model(), groups);
            out.events()
                    .sinkTo(KafkaIO.eventSink(s, "-focus-events"))
                    .name("kafka-events")
                    .uid("kafka-events")
                    .slotSharingGroup(groups.io());
            out.deadLetters()
                    .sinkTo(KafkaIO.deadLetterSink(s, "-focus-dead-letters"))
                    .name("kafka-dead-letters")
                    .uid("kafka-dead-letters")
                    .slotSharingGroup(groups.io());
            return;
        }
        var records = env.fromSource(KafkaIO.frameSource(s), KafkaIO.watermarks(s), "frames")
                .uid("kafka-frames")
                .slotSharingGroup(groups.io());
        SaccadePipeline.Outputs out = SaccadePipeline.build(records, s.operators(), s.model(), groups);
        out.events()
                .sinkTo(KafkaIO.eventSink(s))
                .name("kafka-events")
                .uid("kafka-events")
                .slotSharingGroup(groups.io());
        out.deadLetters()
                .sinkTo(KafkaIO.deadLetterSink(s))
                .name("kafka-dead-letters")
                .uid("kafka-dead-letters")
                .slotSharingGroup(groups.io());
        if (out.focusRequests() != null) {
            out.focusRequests()
                    .sinkTo(KafkaIO.focusRequestSink(s))
                    .name("kafka-focus-requests")
                    .uid("kafka-focus-requests-out")
                    .slotSharingGroup(groups.io());
        }
    }

    /** Starts the job on whatever environment this process runs in (local MiniCluster, or the cluster it was submitted to). */
    public static JobClient start(Configuration conf, JobSettings s) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(withPipelineDefaults(conf));
        wire(env, s);
        return env.executeAsync(NAME);
    }
}
