package dev.saccade.job;

import dev.saccade.operators.OperatorSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/** Everything the job needs, parsed once from the configuration. */
public record JobSettings(
        String bootstrapServers,
        String framesTopic,
        String eventsTopic,
        String deadLetterTopic,
        String groupId,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        boolean startFromLatest,
        Duration checkpointInterval,
        Duration maxWatermarkDelay,
        String focusRequestsTopic,
        boolean sizedSlotGroups,
        int focusGpus,
        String cpuPoolResource,
        OperatorSettings operators,
        dev.saccade.operators.ModelSettings model)
        implements Serializable {

    public static JobSettings from(ReadableConfig c) {
        return new JobSettings(
                c.get(JobOptions.BOOTSTRAP_SERVERS),
                c.get(JobOptions.FRAMES_TOPIC),
                c.get(JobOptions.EVENTS_TOPIC),
                c.get(JobOptions.DEAD_LETTER_TOPIC),
                c.get(JobOptions.GROUP_ID),
                c.get(JobOptions.TRANSACTIONAL_ID_PREFIX),
                c.get(JobOptions.TRANSACTION_TIMEOUT),
                c.get(JobOptions.START_FROM_LATEST),
                c.get(JobOptions.CHECKPOINT_INTERVAL),
                c.get(JobOptions.MAX_WATERMARK_DELAY),
                c.get(JobOptions.FOCUS_REQUESTS_TOPIC),
                c.get(JobOptions.SIZED_SLOT_GROUPS),
                c.get(JobOptions.FOCUS_GPUS),
                c.get(JobOptions.CPU_POOL_RESOURCE),
                OperatorSettings.from(c),
                dev.saccade.operators.ModelSettings.from(c));
    }
}
