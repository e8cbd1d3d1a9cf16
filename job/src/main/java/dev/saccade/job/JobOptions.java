package dev.saccade.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the job's wiring: Kafka, topics, checkpointing. */
public final class JobOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("saccade.kafka.bootstrap-servers")
            .stringType()
            .defaultValue("localhost:9092")
            .withDescription("Kafka bootstrap servers for frames in, events and dead letters out.");
    public static final ConfigOption<String> FRAMES_TOPIC = ConfigOptions.key("saccade.topic.frames")
            .stringType()
            .defaultValue("saccade.frames")
            .withDescription("Topic of Avro VideoFrame records, keyed by stream id.");
    public static final ConfigOption<String> EVENTS_TOPIC = ConfigOptions.key("saccade.topic.events")
            .stringType()
            .defaultValue("saccade.events")
            .withDescription("Topic the Avro ClassifiedEvent records are written to, keyed by stream id.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("saccade.topic.dead-letters")
            .stringType()
            .defaultValue("saccade.dead-letters")
            .withDescription("Topic of Avro DeadLetter records: input that could not be used, with the reason.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("saccade.kafka.group-id")
            .stringType()
            .defaultValue("saccade")
            .withDescription("Consumer group of the frames source (offsets are also kept in checkpoints).");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key(
                    "saccade.kafka.transactional-id-prefix")
            .stringType()
            .defaultValue("saccade")
            .withDescription("Prefix of the exactly-once sinks' transactional ids; unique per job on a cluster.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key(
                    "saccade.kafka.transaction-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("Kafka transaction timeout of the sinks; must not exceed the broker's "
                    + "transaction.max.timeout.ms (15 min by default) or the job restart-loops.");
    public static final ConfigOption<Boolean> START_FROM_LATEST = ConfigOptions.key("saccade.kafka.start-from-latest")
            .booleanType()
            .defaultValue(false)
            .withDescription("Without committed offsets, start at the end of the frames topic instead of its start.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("saccade.checkpoint.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Checkpoint interval; exactly-once events become visible to read_committed readers "
                    + "at each checkpoint, so this bounds event latency.");
    public static final ConfigOption<Duration> MAX_WATERMARK_DELAY = ConfigOptions.key("saccade.watermark.max-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription("How far behind the newest capture time the event-time watermark trails.");

    public static final ConfigOption<String> FOCUS_REQUESTS_TOPIC = ConfigOptions.key("saccade.topic.focus-requests")
            .stringType()
            .defaultValue("saccade.focus-requests")
            .withDescription("Topic of Avro FocusRequest records between --stage glance and --stage focus.");
    public static final ConfigOption<Boolean> SIZED_SLOT_GROUPS = ConfigOptions.key("saccade.slots.sized")
            .booleanType()
            .defaultValue(false)
            .withDescription("Give the slot sharing groups io, glance and focus explicit resources (Flink 2 "
                    + "always matches slots by resources); the focus group then also requests saccade.slots.focus-gpus "
                    + "of the gpu external resource.");
    public static final ConfigOption<Integer> FOCUS_GPUS = ConfigOptions.key("saccade.slots.focus-gpus")
            .intType()
            .defaultValue(1)
            .withDescription("GPUs (external resource gpu) each focus slot requests when slot groups are sized; 0 "
                    + "keeps focus off GPU TaskManagers' GPUs.");

    public static final ConfigOption<String> CPU_POOL_RESOURCE = ConfigOptions.key("saccade.slots.cpu-pool-resource")
            .stringType()
            .defaultValue("cpu-pool")
            .withDescription("External resource that CPU TaskManagers advertise (deploy/saccade.yaml gives them "
                    + "plenty). With sized groups, a whole job (--stage all) whose focus requests GPUs has its io and "
                    + "glance groups request one each, so nothing but focus lands on a GPU TaskManager. Empty: no "
                    + "such request.");

    private JobOptions() {}
}
