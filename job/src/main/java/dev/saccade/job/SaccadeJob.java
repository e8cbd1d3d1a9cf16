package dev.saccade.job;

import dev.saccade.job.SaccadePipeline.Outputs;
import dev.saccade.job.SaccadePipeline.SlotGroups;
import dev.saccade.job.command.JobCommand;
import dev.saccade.job.kafka.KafkaIO;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.ingest.AvroLimits;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FocusRequest;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The job's entry point on a cluster (the shaded jar's main class) and the wiring of Kafka around the pipeline: the
 * frame (or focus request) source, {@link SaccadePipeline}, and the event, dead-letter and focus-request sinks.
 */
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
        if (!c.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                && !c.contains(CheckpointingOptions.CHECKPOINT_STORAGE)) {
            c.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Path.of(System.getProperty("java.io.tmpdir"), "saccade-checkpoints")
                            .toUri()
                            .toString());
        }
        // a local run's one TaskManager needs a slot per parallel subtask in each slot sharing group (io, glance,
        // focus, plus the default group of anything a caller adds); a cluster's TaskManagers keep their own slot count
        if (!c.contains(TaskManagerOptions.NUM_TASK_SLOTS)) {
            int parallelism = c.getOptional(CoreOptions.DEFAULT_PARALLELISM)
                    .orElse(Runtime.getRuntime().availableProcessors());
            c.set(TaskManagerOptions.NUM_TASK_SLOTS, 4 * parallelism);
        }
        return c;
    }

    /** Adds source, pipeline and sinks of the configured mode and stage to the environment. */
    public static void wire(StreamExecutionEnvironment env, JobSettings s) {
        AvroLimits.install();
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        SlotGroups groups = slotGroups(s);
        if (s.model().stage() == OperatorOptions.Stage.FOCUS) {
            Outputs out = SaccadePipeline.focusJob(focusRequestSource(env, s, groups), s.model(), groups);
            sinkEvents(out.events(), KafkaIO.eventSink(s, "-focus-events"), groups);
            sinkDeadLetters(out.deadLetters(), KafkaIO.deadLetterSink(s, "-focus-dead-letters"), groups);
            return;
        }
        Outputs out = SaccadePipeline.build(frameSource(env, s, groups), s.operators(), s.model(), groups);
        sinkEvents(out.events(), KafkaIO.eventSink(s), groups);
        sinkDeadLetters(out.deadLetters(), KafkaIO.deadLetterSink(s), groups);
        if (out.focusRequests() != null) {
            sinkFocusRequests(out.focusRequests(), KafkaIO.focusRequestSink(s), groups);
        }
    }

    private static SlotGroups slotGroups(JobSettings s) {
        // a whole job with GPU focus keeps its other groups on CPU TaskManagers; a glance or focus job runs on one pool
        boolean keepOffGpus = s.model().stage() == OperatorOptions.Stage.ALL && s.focusGpus() > 0;
        return s.sizedSlotGroups()
                ? SlotGroups.sized(s.focusGpus(), keepOffGpus ? s.cpuPoolResource() : null)
                : SlotGroups.named();
    }

    // ---- sources and sinks: Kafka, all in the io group ----

    private static DataStream<FrameEnvelope> frameSource(
            StreamExecutionEnvironment env, JobSettings s, SlotGroups groups) {
        return env.fromSource(KafkaIO.frameSource(s), KafkaIO.watermarks(s), "frames")
                .uid("kafka-frames")
                .slotSharingGroup(groups.io());
    }

    private static DataStream<RequestEnvelope> focusRequestSource(
            StreamExecutionEnvironment env, JobSettings s, SlotGroups groups) {
        return env.fromSource(KafkaIO.focusRequestSource(s), WatermarkStrategy.noWatermarks(), "focus-requests")
                .uid("kafka-focus-requests")
                .slotSharingGroup(groups.io());
    }

    private static void sinkEvents(DataStream<ClassifiedEvent> events, Sink<ClassifiedEvent> sink, SlotGroups groups) {
        events.sinkTo(sink).name("kafka-events").uid("kafka-events").slotSharingGroup(groups.io());
    }

    private static void sinkDeadLetters(DataStream<DeadLetter> deadLetters, Sink<DeadLetter> sink, SlotGroups groups) {
        deadLetters
                .sinkTo(sink)
                .name("kafka-dead-letters")
                .uid("kafka-dead-letters")
                .slotSharingGroup(groups.io());
    }

    private static void sinkFocusRequests(
            DataStream<FocusRequest> requests, Sink<FocusRequest> sink, SlotGroups groups) {
        requests.sinkTo(sink)
                .name("kafka-focus-requests")
                .uid("kafka-focus-requests-out")
                .slotSharingGroup(groups.io());
    }

    /** Starts the job on whatever environment this process runs in (local MiniCluster, or the cluster it was submitted to). */
    public static JobClient start(Configuration conf, JobSettings s) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(withPipelineDefaults(conf));
        wire(env, s);
        return env.executeAsync(NAME);
    }
}
