package dev.saccade.bench.live;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of {@code bench pipeline --live-streams}: the search over stream counts and what "held" means. */
public final class LiveStreamsOptions {

    public static final ConfigOption<Double> FPS = ConfigOptions.key("saccade.bench.live.fps")
            .doubleType()
            .defaultValue(10.0)
            .withDescription("Frames per second of each live stream.");
    public static final ConfigOption<Integer> START_STREAMS = ConfigOptions.key("saccade.bench.live.start-streams")
            .intType()
            .defaultValue(8)
            .withDescription("Streams of the search's first step; the count doubles while the job holds it.");
    public static final ConfigOption<Integer> MAX_STREAMS = ConfigOptions.key("saccade.bench.live.max-streams")
            .intType()
            .defaultValue(256)
            .withDescription("Most streams the search tries.");
    public static final ConfigOption<Duration> STEP_DURATION = ConfigOptions.key("saccade.bench.live.step-duration")
            .durationType()
            .defaultValue(Duration.ofSeconds(45))
            .withDescription("How long each step feeds its streams live (the same for every step).");
    public static final ConfigOption<Duration> SETTLE = ConfigOptions.key("saccade.bench.live.settle")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Start of each step whose clips are not measured: streams that join create their keyed "
                    + "state and run their first frames densely through the skip-convolution glance (the report "
                    + "also gives the p99 with it).");
    public static final ConfigOption<Duration> WARMUP = ConfigOptions.key("saccade.bench.live.warmup")
            .durationType()
            .defaultValue(Duration.ofSeconds(40))
            .withDescription("A live run before the search, at the first step's count, not measured: the JIT compiles "
                    + "the job's code before any step counts.");
    public static final ConfigOption<Duration> LATENCY_BOUND = ConfigOptions.key("saccade.bench.live.latency-bound")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("A step holds only if the p99 of capture to decision stays under this.");
    public static final ConfigOption<Duration> LAG_MARGIN = ConfigOptions.key("saccade.bench.live.lag-margin")
            .durationType()
            .defaultValue(Duration.ofMillis(150))
            .withDescription("A step holds only if the median latency of its last third exceeds that of its first "
                    + "third by at most this (no growing lag).");
    public static final ConfigOption<Duration> ABORT_LAG = ConfigOptions.key("saccade.bench.live.abort-lag")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("A step stops feeding once a clip fed this long ago is still undecided: it cannot hold, "
                    + "and a shorter backlog drains before the next step.");
    public static final ConfigOption<Duration> DRAIN = ConfigOptions.key("saccade.bench.live.drain")
            .durationType()
            .defaultValue(Duration.ofSeconds(90))
            .withDescription("Longest wait after a step for its clips' events, so that the next step starts on an "
                    + "idle job.");
    public static final ConfigOption<Duration> TIME_BUDGET = ConfigOptions.key("saccade.bench.live.time-budget")
            .durationType()
            .defaultValue(Duration.ofMinutes(22))
            .withDescription(
                    "Wall time of each mode's search, its job's start and warm-up included: no step starts that "
                            + "would end after it (the bisection stops early, its bracket reported).");

    private LiveStreamsOptions() {}
}
