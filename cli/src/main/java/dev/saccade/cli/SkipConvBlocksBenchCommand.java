package dev.saccade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.bench.BgrFrames;
import dev.saccade.bench.FramesFile;
import dev.saccade.bench.SkipConvBlocksBench;
import dev.saccade.job.command.ModelPaths;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.models.skipconv.SkipConvSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./saccade bench skipconv-blocks}: block-size and stream-batch sweep of engine-op skip-convolutions. */
@Command(
        name = "skipconv-blocks",
        mixinStandardHelpOptions = true,
        description = "Runs the shipped bundle's f_G with skip-convolutions built from the engine's ops (gates per "
                + "position, compute per block of b x b outputs) on a device, for each block size and number of streams "
                + "batched together, against the engine's dense f_G on the same device and streams; JSON report.")
public final class SkipConvBlocksBenchCommand implements Callable<Integer> {
    @Option(
            names = "--input",
            required = true,
            description =
                    "A video, or a frames file (*.bgr.gz) written by " + "--save-frames, which needs no video decoder.")
    Path input;

    @Option(
            names = "--frames",
            defaultValue = "300",
            description =
                    "Frames to decode from a video " + "(default: ${DEFAULT-VALUE}); a frames file holds its own.")
    int frames;

    @Option(
            names = "--width",
            description = "Frame width (default: the glance resolution, 96; a frames file " + "holds its own).")
    Integer width;

    @Option(names = "--height", description = "Frame height (default: the glance resolution, 72).")
    Integer height;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (GPU 0) (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--block-sizes",
            defaultValue = "1,2,4,8",
            split = ",",
            description =
                    "Output block sizes b (b x b outputs per gate block; 1 = positions) (default: ${DEFAULT-VALUE}).")
    List<Integer> blockSizes;

    @Option(
            names = "--streams",
            defaultValue = "1,16",
            split = ",",
            description = "Streams batched per step (default: ${DEFAULT-VALUE}).")
    List<Integer> streams;

    @Option(
            names = "--epsilon",
            description = "Gate threshold, relative to each layer's mean |output| on a stream's "
                    + "first frame (default: " + SkipConvSettings.DEFAULT_EPSILON + ").")
    Float epsilon;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Timed passes after a warm-up pass; the best counts " + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--model", description = "Bundle directory (default: the shipped bundle, models/bundle).")
    Path model;

    @Option(
            names = "--save-frames",
            description = "Also write the decoded frames to this *.bgr.gz file (to carry "
                    + "them to a machine without a video decoder) and stop.")
    Path saveFrames;

    @Option(
            names = "--out",
            defaultValue = "skipconv-blocks.json",
            description = "Report path " + "(default: ${DEFAULT-VALUE}).")
    Path out;

    /** Entry point for a plain {@code java -cp} launch, where the {@code ./saccade} launcher is not available. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SkipConvBlocksBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            System.err.println("bench skipconv-blocks: no video or frames file at " + input);
            return 2;
        }
        if (blockSizes.stream().anyMatch(b -> b < 1) || streams.stream().anyMatch(s -> s < 1)) {
            System.err.println("bench skipconv-blocks: block sizes and stream counts must be positive");
            return 2;
        }
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        ModelPaths.configureEngineThreads();
        int w = width != null ? width : GlanceModel.WIDTH;
        int h = height != null ? height : GlanceModel.HEIGHT;
        List<byte[]> bgr;
        if (FramesFile.isFramesFile(input)) {
            FramesFile.Frames f = FramesFile.read(input);
            w = f.width();
            h = f.height();
            bgr = f.bgr();
        } else {
            bgr = BgrFrames.decode(input, frames, w, h);
        }
        System.err.printf("bench skipconv-blocks: %d frames of %s at %dx%d%n", bgr.size(), input, w, h);
        if (saveFrames != null) {
            FramesFile.write(saveFrames, w, h, bgr);
            System.err.println("bench skipconv-blocks: frames written to " + saveFrames);
            return 0;
        }
        float eps = epsilon != null ? epsilon : SkipConvSettings.DEFAULT_EPSILON;
        SkipConvBlocksBench.Config config = new SkipConvBlocksBench.Config(
                device.toLowerCase(java.util.Locale.ROOT),
                blockSizes,
                streams,
                eps,
                SkipConvSettings.DEFAULT_DENSE_FALLBACK,
                repeats);
        Path bundleDir = model != null ? model : ModelPaths.defaultBundle();
        try (ModelBundle bundle = ModelBundle.load(bundleDir)) {
            FoldedEncoder folded =
                    FoldedEncoder.fold(bundle.nets().glanceBlock().encoder());
            Map<String, Object> report = new SkipConvBlocksBench(config, System.err::println).run(folded, bgr, w, h);
            report.put("input", input.toString());
            report.put("weights", "f_G of bundle " + bundle.manifest().version() + ", batch norm folded");
            report.put(
                    "command",
                    "./saccade bench skipconv-blocks --input " + input + " --frames " + bgr.size()
                            + " --width " + w + " --height " + h + " --device " + device + " --block-sizes "
                            + String.join(
                                    ",",
                                    blockSizes.stream().map(String::valueOf).toList()) + " --streams "
                            + String.join(
                                    ",", streams.stream().map(String::valueOf).toList()) + " --epsilon " + eps
                            + " --repeats "
                            + repeats + (threads != null ? " --threads " + threads : "") + " --out " + out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.err.println("bench skipconv-blocks: report " + out);
        }
        return 0;
    }
}
