package dev.saccade.bench.profile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which stage of the pipeline a CPU sample belongs to: by its thread where the thread has one job (the in-process
 * broker, the bench's feeder, JIT, GC), otherwise by the first frame from the leaf down whose class matches a stage's
 * prefix; what is left in a Flink task thread is Flink's own work (mailbox, serialisation, state, timers).
 */
public final class CpuBuckets {
    public static final String KAFKA_CONSUME = "kafka consume";
    public static final String AVRO_DECODE = "avro decode";
    public static final String JPEG_DECODE = "jpeg decode";
    public static final String RESIZE = "grey + model-size resize";
    public static final String DIFFERENCING = "differencing";
    public static final String CLIPS = "clip assembly + motion gate";
    public static final String GLANCE = "glance";
    public static final String FOCUS = "focus";
    public static final String PRODUCE = "kafka produce (events)";
    public static final String FLINK = "flink overhead";
    public static final String BROKER = "broker (in-process)";
    public static final String HARNESS = "bench harness (feeder, readers)";
    public static final String JIT = "jit compiler";
    public static final String GC = "gc";
    public static final String OTHER = "other";

    /** The stages in report order. */
    public static final List<String> ORDER = List.of(
            KAFKA_CONSUME,
            AVRO_DECODE,
            JPEG_DECODE,
            RESIZE,
            DIFFERENCING,
            CLIPS,
            GLANCE,
            FOCUS,
            PRODUCE,
            FLINK,
            BROKER,
            HARNESS,
            JIT,
            GC,
            OTHER);

    /** A stage and the class-name prefixes (optionally "#method") whose frames are its work. */
    private record Rule(String bucket, List<String> prefixes) {}

    // first match wins, frames scanned from the leaf down: an Avro decode inside the Kafka source counts as Avro
    private static final List<Rule> FRAME_RULES = List.of(
            new Rule(JPEG_DECODE, List.of("dev.saccade.operators.media.ImageCodec#decode")),
            new Rule(
                    RESIZE,
                    List.of(
                            "dev.saccade.operators.media.ImageCodec#toGray",
                            "dev.saccade.operators.media.ImageCodec#resizeBgr",
                            "dev.saccade.operators.media.ImageCodec#grayResize")),
            new Rule(DIFFERENCING, List.of("dev.saccade.operators.diff.")),
            new Rule(
                    FOCUS,
                    List.of("dev.saccade.operators.adaptive.FocusOperator", "dev.saccade.models.cascade.FocusBatcher")),
            new Rule(
                    GLANCE,
                    List.of(
                            "dev.saccade.operators.adaptive.GlanceFunction",
                            "dev.saccade.operators.adaptive.DenseFunction",
                            "dev.saccade.models.",
                            "ai.djl.",
                            "org.bytedeco.openblas")),
            new Rule(CLIPS, List.of("dev.saccade.operators.clip.", "dev.saccade.operators.motion.")),
            new Rule(AVRO_DECODE, List.of("org.apache.avro.", "dev.saccade.schemas.", "dev.saccade.operators.ingest.")),
            new Rule(PRODUCE, List.of("org.apache.kafka.clients.producer.", "org.apache.flink.connector.kafka.sink.")),
            new Rule(
                    KAFKA_CONSUME,
                    List.of(
                            "org.apache.kafka.clients.consumer.",
                            "org.apache.flink.connector.kafka.source.",
                            "org.apache.flink.connector.base.source.")));

    // Flink task threads are named "<operators> (i/n)#attempt"; the Kafka source's fetcher is "Source Data Fetcher..."
    private static final Pattern TASK = Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$");

    private CpuBuckets() {}

    /**
     * The stage of every sample of a thread with one job (JIT, GC, the broker, the bench's own threads), or null where
     * the sample's frames decide.
     */
    public static String ofThread(String name) {
        String n = name == null ? "" : name;
        if (n.contains("CompilerThre") || n.startsWith("C1 ") || n.startsWith("C2 ")) {
            return JIT;
        }
        if (n.startsWith("GC Thread") || n.startsWith("G1 ") || n.startsWith("VM Thread")) {
            return GC;
        }
        if (n.startsWith(PRODUCER_THREAD)) {
            // the job's sinks produce the events; the feeder's own producer is the bench's
            return n.startsWith(PRODUCER_THREAD + "producer-bench-") ? null : HARNESS;
        }
        if (n.startsWith("main") || n.startsWith("bench-")) {
            // the feeder (main) and the bench's event readers
            return HARNESS;
        }
        if (n.startsWith("data-plane")
                || n.startsWith("kafka-")
                || n.startsWith("quorum")
                || n.startsWith("broker-")
                || n.startsWith("controller-")
                || n.startsWith("raft")
                || n.startsWith("ExpirationReaper")
                || n.startsWith("LogDirFailureHandler")
                || n.contains("transaction")
                || n.startsWith("group-coordinator")
                || n.startsWith("share-")
                || n.startsWith("ReplicaFetcher")) {
            return BROKER;
        }
        return null;
    }

    private static final String PRODUCER_THREAD = "kafka-producer-network-thread | ";

    /** The stage of a sample no rule claims: what the thread is there for. */
    public static String defaultOf(String name) {
        String n = name == null ? "" : name;
        if (n.startsWith("Source Data Fetcher")) {
            return KAFKA_CONSUME;
        }
        if (n.startsWith(PRODUCER_THREAD)) {
            return PRODUCE;
        }
        if (TASK.matcher(n).matches() || n.startsWith("flink-") || n.startsWith("Flink")) {
            return FLINK;
        }
        return OTHER;
    }

    /** The stage of one sample: the first frame (leaf first, "class#method") a stage's rule claims, else null. */
    public static String ofFrames(List<String> frames) {
        for (String f : frames) {
            for (Rule r : FRAME_RULES) {
                for (String p : r.prefixes()) {
                    if (f.startsWith(p)) {
                        return r.bucket();
                    }
                }
            }
        }
        return null;
    }
}
