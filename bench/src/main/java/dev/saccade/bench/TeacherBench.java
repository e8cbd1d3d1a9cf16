package dev.saccade.bench;

import ai.djl.Device;
import dev.saccade.models.external.BatchDetector;
import dev.saccade.models.external.BatchedYoloxDetector;
import dev.saccade.models.external.BgrImage;
import dev.saccade.models.external.Detection;
import dev.saccade.models.external.ExternalModelSpec;
import dev.saccade.models.external.YoloxDetector;
import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Frames per second of the teacher detector (YOLOX-nano) on real frames at their full resolution: ONNX Runtime frame
 * by frame, and the same ONNX graph through PyTorch in batches on a CPU or a GPU; each configuration's detections are
 * compared with the first one's.
 */
public final class TeacherBench {
    /** A configuration: engine (onnxruntime or pytorch) and batch size. */
    public record Config(String engine, int batch) {
        String name() {
            return engine + "-b" + batch;
        }
    }

    private final ExternalModelSpec spec;
    private final Path dataDir;
    private final Device device;
    private final Consumer<String> progress;

    public TeacherBench(ExternalModelSpec spec, Path dataDir, Device device, Consumer<String> progress) {
        this.spec = spec;
        this.dataDir = dataDir;
        this.device = device;
        this.progress = progress;
    }

    /** Reads up to {@code count} frames of a video or a frames file ({@link FramesFile}) at their own size. */
    public static List<BgrImage> frames(Path input, int count) throws IOException {
        List<BgrImage> out = new ArrayList<>();
        if (FramesFile.isFramesFile(input)) {
            FramesFile.Frames f = FramesFile.read(input);
            for (byte[] bgr : f.bgr()) {
                if (out.size() == count) {
                    break;
                }
                out.add(new BgrImage(bgr, f.width(), f.height()));
            }
            return out;
        }
        try (VideoFileReader reader = new VideoFileReader(input.toString())) {
            BgrFrame f;
            while (out.size() < count && (f = reader.next()) != null) {
                out.add(new BgrImage(f.bgr(), f.width(), f.height()));
            }
        }
        return out;
    }

    /** Times every configuration over {@code frames} ({@code passes} timed passes after one warm-up batch). */
    public Map<String, Object> run(List<BgrImage> frames, List<Config> configs, int passes) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("bench", "teacher");
        report.put("time", Instant.now().toString());
        report.put("model", Path.of(spec.path()).getFileName().toString());
        report.put("input_size", spec.inputWidth());
        report.put("frames", frames.size());
        report.put(
                "frame_size",
                frames.isEmpty()
                        ? null
                        : frames.get(0).width() + "x" + frames.get(0).height());
        report.put("device", name(device));
        report.put("cpu_model", FocusBench.cpuModel());
        report.put("cpu_threads", Runtime.getRuntime().availableProcessors());
        if (device.isGpu()) {
            report.put("gpu_name", FocusBench.gpuName(device.getDeviceId()));
            report.put("nvidia_tf32_override", System.getenv("NVIDIA_TF32_OVERRIDE"));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        List<List<Detection>> reference = null;
        String referenceName = null;
        double best = 0;
        String bestName = null;
        for (Config c : configs) {
            progress.accept("bench teacher: " + c.name() + " on " + (where(c)));
            try (BatchDetector detector = open(c)) {
                List<List<Detection>> detections =
                        pass(detector, frames.subList(0, Math.min(c.batch(), frames.size())), c.batch());
                double fastest = Double.MAX_VALUE;
                for (int p = 0; p < passes; p++) {
                    long t0 = System.nanoTime();
                    detections = pass(detector, frames, c.batch());
                    fastest = Math.min(fastest, (System.nanoTime() - t0) / 1e9);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("engine", c.engine());
                r.put("device", where(c).toString());
                r.put("batch", c.batch());
                r.put("frames_per_s", frames.size() / fastest);
                r.put("ms_per_frame", fastest * 1e3 / frames.size());
                r.put("detections", detections.stream().mapToInt(List::size).sum());
                if (reference == null) {
                    reference = detections;
                    referenceName = c.name();
                } else {
                    r.put("agreement_with", referenceName);
                    r.putAll(DetectionAgreement.compare(reference, detections).toMap());
                }
                results.put(c.name(), r);
                double fps = frames.size() / fastest;
                progress.accept(
                        String.format("bench teacher: %s %.1f frames/s (%.1f ms a frame)", c.name(), fps, 1e3 / fps));
                if (fps > best) {
                    best = fps;
                    bestName = c.name();
                }
            }
        }
        report.put("results", results);
        report.put("fastest", bestName);
        return report;
    }

    private String where(Config c) {
        return c.engine().equals("pytorch") ? name(device) : "cpu";
    }

    static String name(Device d) {
        return d.isGpu() ? "gpu" + d.getDeviceId() : "cpu";
    }

    private BatchDetector open(Config c) throws IOException {
        float score = YoloxDetector.DEFAULT_SCORE_THRESHOLD;
        float iou = YoloxDetector.DEFAULT_IOU_THRESHOLD;
        return switch (c.engine()) {
            case "onnxruntime" -> YoloxDetector.load(spec, dataDir, score, iou);
            case "pytorch" -> BatchedYoloxDetector.load(spec, dataDir, score, iou, device);
            case "pytorch-cpu" -> BatchedYoloxDetector.load(spec, dataDir, score, iou, Device.cpu());
            default -> throw new IllegalArgumentException("engine must be onnxruntime or pytorch, got " + c.engine());
        };
    }

    private static List<List<Detection>> pass(BatchDetector detector, List<BgrImage> frames, int batch) {
        List<List<Detection>> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i += batch) {
            out.addAll(detector.detect(frames.subList(i, Math.min(frames.size(), i + batch))));
        }
        return out;
    }
}
