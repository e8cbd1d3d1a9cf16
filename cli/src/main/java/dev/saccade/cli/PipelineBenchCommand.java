package dev.saccade.cli;

import dev.saccade.bench.PipelineBench;
import dev.saccade.bench.live.LiveStreamsBench;
import dev.saccade.bench.live.LiveStreamsOptions;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.job.command.SettingsMixin;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./saccade bench pipeline}: dense against adaptive on the same streams through the real broker and Flink. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Feeds the same pre-rendered synthetic streams (same seeds) live through an embedded Kafka broker "
                        + "into the real job on local Flink, once per mode, one after the other in this process: each mode drains a "
                        + "backlog already in the topic (frames/s), then the streams go on live (latency). Writes per "
                        + "mode frames/s, events, accuracy against the generator's labels, GMACs per clip, capture-to-decision "
                        + "latency p50/p99, peak RSS of the whole process and the exit fractions, plus adaptive/dense ratios.")
public final class PipelineBenchCommand implements Callable<Integer> {
    @Option(names = "--streams", defaultValue = "8", description = "Streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--duration",
            defaultValue = "120",
            description = "Seconds each mode is fed live after its backlog " + "(default: ${DEFAULT-VALUE}).")
    long duration;

    @Option(
            names = "--modes",
            defaultValue = "dense,adaptive",
            description = "Modes to run, in order " + "(default: ${DEFAULT-VALUE}).")
    String modes;

    @Option(
            names = "--fps",
            defaultValue = "10",
            description = "Frames per second per stream in the live phase, "
                    + "where latency is measured; both modes should sustain it (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--backlog-clips",
            defaultValue = "150",
            description = "Clips per stream already in the topic when "
                    + "each mode starts; draining them measures frames/s (default: ${DEFAULT-VALUE}).")
    int backlogClips;

    @Option(
            names = "--clips-per-stream",
            defaultValue = "24",
            description = "Distinct clips rendered per stream, " + "replayed in a loop (default: ${DEFAULT-VALUE}).")
    int clipsPerStream;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Seed of the synthetic streams (default: " + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--drain",
            defaultValue = "30",
            description = "Seconds to wait after feeding for the last events " + "(default: ${DEFAULT-VALUE}).")
    long drain;

    @Option(names = "--model", description = "Model bundle (default: the shipped one).")
    Path model;

    @Option(names = "--out", required = true, description = "JSON report to write.")
    Path out;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description =
                    "Record CPU samples (Java Flight Recorder) while each mode drains its backlog in steady state, "
                            + "into FILE with the mode before its extension, and add the per-frame CPU budget by stage "
                            + "(capacity.cpu_budget).")
    Path jfr;

    @Option(
            names = "--live-streams",
            description = "Instead: find the most live streams (320x240 at --fps) each mode holds in real time (p99 "
                    + "capture to decision under 1 s, no growing lag) by doubling then bisecting the stream count, each "
                    + "step a live run of fixed duration; writes per mode max_live_streams, latency_ms_p99 and every "
                    + "step. Its settings: --set saccade.bench.live.* (README).")
    boolean liveStreams;

    @Mixin
    SettingsMixin settings;

    @Override
    public Integer call() throws Exception {
        ModelPaths.configurePipelineThreads();
        List<String> modeList = Arrays.stream(modes.split(","))
                .map(String::trim)
                .filter(m -> !m.isEmpty())
                .toList();
        if (liveStreams) {
            return live(modeList);
        }
        PipelineBench bench = new PipelineBench(
                new PipelineBench.Settings(
                        streams,
                        duration,
                        modeList,
                        fps,
                        clipsPerStream,
                        backlogClips,
                        seed,
                        parallelism,
                        drain,
                        model != null ? model : ModelPaths.defaultBundle(),
                        settings.settings(),
                        jfr),
                System.err::println);
        bench.run(out);
        System.err.println("bench: wrote " + out);
        return 0;
    }

    /** The search for the most live streams; saccade.bench.* settings are this bench's, the rest go to the job. */
    private Integer live(List<String> modeList) throws Exception {
        Map<String, String> job = new LinkedHashMap<>();
        Map<String, String> bench = new LinkedHashMap<>();
        bench.put(LiveStreamsOptions.FPS.key(), Double.toString(fps));
        settings.settings().forEach((k, v) -> (k.startsWith("saccade.bench.") ? bench : job).put(k, v));
        LiveStreamsBench b = new LiveStreamsBench(
                new LiveStreamsBench.Settings(
                        modeList,
                        parallelism,
                        model != null ? model : ModelPaths.defaultBundle(),
                        seed,
                        job,
                        Configuration.fromMap(bench)),
                System.err::println);
        b.run(out);
        System.err.println("bench: wrote " + out);
        return 0;
    }
}
