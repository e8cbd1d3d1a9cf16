package dev.saccade.operators.adaptive;

import dev.saccade.models.cascade.NonFiniteOutput;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clips a network could not classify (a non-finite output): counted in {@link #METRIC} and logged, never labelled. */
final class FailedClips {
    /** Counter of failed clips in each model operator's metric group. */
    static final String METRIC = "failedClips";

    private static final Logger LOG = LoggerFactory.getLogger(FailedClips.class);

    private FailedClips() {}

    static void record(Counter counter, String clipId, NonFiniteOutput reason) {
        counter.inc();
        LOG.error("clip {} not classified: {}", clipId, reason.getMessage());
    }
}
