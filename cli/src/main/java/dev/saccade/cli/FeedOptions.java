package dev.saccade.cli;

import dev.saccade.feed.FeedStream;
import dev.saccade.feed.SyntheticFrameSource;
import dev.saccade.feed.VideoFrameSource;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.scenes.SceneConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What to feed: the synthetic scene generator (default) or a video replayed as staggered streams. */
public final class FeedOptions {
    @Option(
            names = "--input",
            paramLabel = "PATH_OR_URL",
            description = "A video file or URL (anything FFmpeg opens), replayed in a loop as N staggered streams. "
                    + "Default: the synthetic scene generator.")
    String input;

    @Option(names = "--streams", defaultValue = "4", description = "Number of streams (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--fps",
            description = "Frames per second per stream (default: a video's own frame rate, 10 for the synthetic "
                    + "scenes).")
    Double fps;

    @Option(
            names = "--width",
            defaultValue = "0",
            description = "Frame width; synthetic default 320, video default its own.")
    int width;

    @Option(
            names = "--height",
            defaultValue = "0",
            description = "Frame height; synthetic default 240, video default its own.")
    int height;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the synthetic scenes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--clip-length",
            defaultValue = "8",
            description = "Frames per synthetic ground-truth clip; match the model bundle's clip length (motion mode: "
                    + "saccade.clip.length) (default: ${DEFAULT-VALUE}).")
    int clipLength;

    @Option(
            names = "--stagger",
            defaultValue = "50",
            description = "Frames between the start points of replayed video streams (default: ${DEFAULT-VALUE}).")
    int stagger;

    @Option(
            names = "--jpeg-quality",
            defaultValue = "85",
            description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--stream-prefix", defaultValue = "cam-", description = "Stream ids are PREFIX0..N-1.")
    String streamPrefix;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Checks every value before anything starts (one line naming the option otherwise). */
    public void validate() {
        var cl = spec.commandLine();
        OptionChecks.inputExists(cl, "--input", input);
        OptionChecks.atLeast(cl, "--streams", streams, 1);
        if (fps != null) {
            OptionChecks.positive(cl, "--fps", fps);
        }
        OptionChecks.atLeast(cl, "--width", width, 0);
        OptionChecks.atLeast(cl, "--height", height, 0);
        OptionChecks.atLeast(cl, "--clip-length", clipLength, 1);
        OptionChecks.atLeast(cl, "--stagger", stagger, 0);
        OptionChecks.between(cl, "--jpeg-quality", jpegQuality, 1, 100);
        if (streamPrefix == null || streamPrefix.isBlank()) {
            throw new picocli.CommandLine.ParameterException(cl, "--stream-prefix must not be empty");
        }
    }

    public List<FeedStream> open() {
        if (streams < 1) {
            throw new IllegalArgumentException("--streams must be at least 1");
        }
        List<FeedStream> opened = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String id = streamPrefix + i;
            if (input == null) {
                SceneConfig config = SceneConfig.defaults()
                        .withSize(width > 0 ? width : 320, height > 0 ? height : 240)
                        .withClipLength(clipLength);
                opened.add(new FeedStream(id, new SyntheticFrameSource(config, seed * 1000 + i)));
            } else {
                opened.add(new FeedStream(id, new VideoFrameSource(input, width, height, (long) i * stagger, true)));
            }
        }
        return opened;
    }

    /** --fps where given, else the video's own rate (as its container states it), else 10. */
    public double fps(List<FeedStream> opened) {
        if (fps != null) {
            return fps;
        }
        if (!opened.isEmpty() && opened.get(0).source() instanceof VideoFrameSource v && v.frameRate() > 0) {
            return v.frameRate();
        }
        return 10;
    }

    public String describe(List<FeedStream> opened) {
        return streams + " " + (input == null ? "synthetic" : input) + " stream(s) at "
                + String.format(java.util.Locale.ROOT, "%.4g", fps(opened)) + " fps"
                + (fps == null && input != null ? " (the video's own rate)" : "");
    }
}
