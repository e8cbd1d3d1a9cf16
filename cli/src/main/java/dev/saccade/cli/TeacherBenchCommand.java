package dev.saccade.cli;

import ai.djl.Device;
import dev.saccade.bench.JsonReports;
import dev.saccade.bench.TeacherBench;
import dev.saccade.job.command.OptionChecks;
import dev.saccade.models.data.DataPaths;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.external.BgrImage;
import dev.saccade.models.external.YoloxDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ./saccade bench teacher}: the teacher detector's frames per second per engine, device and batch size. */
@Command(
        name = "teacher",
        mixinStandardHelpOptions = true,
        description = "Times the teacher detector (YOLOX-nano, 416x416) on the first --frames frames of a video (or a "
                + "frames file, *.bgr.gz) at their full size: ONNX Runtime frame by frame on the CPU and the same "
                + "ONNX graph through PyTorch in batches on --device; writes frames/s per configuration and how each "
                + "one's detections agree with the first configuration's.")
public final class TeacherBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, description = "A video, or a frames file (*.bgr.gz).")
    Path input;

    @Option(names = "--frames", defaultValue = "64", description = "Frames to time (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--engines",
            defaultValue = "onnxruntime,pytorch",
            split = ",",
            description = "onnxruntime (batch 1, CPU), pytorch (on --device, each --batch-sizes), pytorch-cpu (on the "
                    + "CPU, the first batch size); the first is the reference for agreement (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(
            names = "--batch-sizes",
            defaultValue = "1,8",
            split = ",",
            description = "Batch sizes for pytorch (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--passes",
            defaultValue = "2",
            description = "Timed passes; the fastest counts (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(
            names = "--data",
            description = "Folder with models/yolox (default: SACCADE_DATA, else ../shared/data beside the checkout).")
    Path data;

    @Option(names = "--out", defaultValue = "teacher.json", description = "Report path (default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TeacherBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new ParameterException(spec.commandLine(), "--input " + input + " is not a file");
        }
        OptionChecks.between(spec.commandLine(), "--frames", frames, 1, 100_000);
        OptionChecks.between(spec.commandLine(), "--passes", passes, 1, 100);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new ParameterException(spec.commandLine(), "--device must be cpu or gpu, got '" + device + "'");
        }
        List<TeacherBench.Config> configs = new ArrayList<>();
        for (String e : engines) {
            switch (e) {
                case "onnxruntime" -> configs.add(new TeacherBench.Config(e, 1));
                case "pytorch-cpu" -> configs.add(new TeacherBench.Config(e, batchSizes.get(0)));
                case "pytorch" -> {
                    for (int b : batchSizes) {
                        OptionChecks.between(spec.commandLine(), "--batch-sizes", b, 1, 1024);
                        configs.add(new TeacherBench.Config(e, b));
                    }
                }
                default -> throw new ParameterException(
                        spec.commandLine(), "--engines: '" + e + "' is not onnxruntime, pytorch or pytorch-cpu");
            }
        }
        Path dir = data != null ? data : DataPaths.dataDir();
        if (!Files.isRegularFile(dir.resolve("models/yolox/yolox_nano.onnx"))) {
            System.err.println("saccade bench teacher: " + dir.resolve("models/yolox/yolox_nano.onnx")
                    + " not found (set --data or SACCADE_DATA)");
            return 2;
        }
        Inference.configureInferenceThread();
        Device target = device.equals("gpu") ? Device.gpu(0) : Device.cpu();
        List<BgrImage> images = TeacherBench.frames(input, frames);
        if (images.isEmpty()) {
            System.err.println("saccade bench teacher: no decodable frame in " + input);
            return 2;
        }
        TeacherBench bench = new TeacherBench(
                YoloxDetector.standardSpec("models/yolox/yolox_nano.onnx", "models/yolox/coco_classes.txt", 416),
                dir,
                target,
                System.err::println);
        Map<String, Object> report = bench.run(images, configs, passes);
        report.put("input", input.getFileName().toString());
        JsonReports.write(out, report);
        System.err.println("bench teacher: wrote " + out);
        return 0;
    }
}
