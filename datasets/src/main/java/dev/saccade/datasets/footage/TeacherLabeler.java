package dev.saccade.datasets.footage;

import dev.saccade.models.cost.OnnxMacs;
import dev.saccade.models.data.ClassGroups;
import dev.saccade.models.external.BatchDetector;
import dev.saccade.models.external.BgrImage;
import dev.saccade.models.external.Detection;
import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the teacher detector on every frame of a video at its full resolution, associates the boxes into tracks and
 * labels the clips; the result is cached under the video's hash and the settings, so training and evaluation label a
 * video once.
 */
public final class TeacherLabeler {
    private final TeacherSettings settings;
    private final Path cacheRoot;
    private final Consumer<String> progress;
    private final TeacherRuntime runtime;

    /** A labeler whose teacher runs where {@link TeacherRuntime#auto()} says. */
    public TeacherLabeler(TeacherSettings settings, Path cacheRoot, Consumer<String> progress) {
        this(settings, cacheRoot, progress, TeacherRuntime.auto());
    }

    public TeacherLabeler(TeacherSettings settings, Path cacheRoot, Consumer<String> progress, TeacherRuntime runtime) {
        this.settings = settings;
        this.cacheRoot = cacheRoot;
        this.progress = progress;
        this.runtime = runtime;
    }

    /** The video's labels: from the cache where present, else computed and cached. */
    public TeacherLabels labels(Path video) throws IOException {
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException("video not found: " + video.toAbsolutePath());
        }
        String sha = sha256(video);
        String describe = settings.describe();
        Path dir = cacheDir(video, sha);
        TeacherLabels cached = TeacherLabels.readIfMatches(dir, sha, describe);
        if (cached != null) {
            progress.accept("label: " + video.getFileName() + " from cache " + dir);
            return cached;
        }
        TeacherLabels labels = compute(video, sha, describe);
        labels.write(dir);
        return labels;
    }

    /** The cache directory of a video: its name, hash prefix and a hash of the settings. */
    public Path cacheDir(Path video, String sha) {
        String stem = video.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String key = Integer.toHexString(settings.describe().hashCode());
        return cacheRoot.resolve(stem + "-" + sha.substring(0, 12) + "-" + key);
    }

    private TeacherLabels compute(Path video, String sha, String describe) throws IOException {
        long start = System.nanoTime();
        long macs = OnnxMacs.count(settings.model());
        List<TeacherFrame> frames = new ArrayList<>();
        BoxTracker tracker = new BoxTracker(0.3, 5);
        int width;
        int height;
        double fps;
        progress.accept("label: " + video.getFileName() + ": teacher on " + runtime.describe());
        if (runtime.device().startsWith("gpu") && !"0".equals(System.getenv("NVIDIA_TF32_OVERRIDE"))) {
            // measured on an H100: TF32 convolutions moved 0.1% of the teacher's boxes off ONNX Runtime's
            progress.accept("label: warning: the GPU may run the teacher's convolutions in TF32, whose boxes differ "
                    + "from ONNX Runtime's now and then; NVIDIA_TF32_OVERRIDE=0 keeps them float32 (./saccade sets it "
                    + "for label, train and eval)");
        }
        try (BatchDetector detector = runtime.open(settings);
                VideoFileReader reader = new VideoFileReader(video.toString())) {
            width = reader.nativeWidth();
            height = reader.nativeHeight();
            fps = reader.frameRate() > 0 ? reader.frameRate() : 25;
            List<BgrFrame> batch = new ArrayList<>(runtime.batch());
            long lastReport = 0;
            boolean more = true;
            while (more) {
                BgrFrame f = reader.next();
                if (f != null) {
                    batch.add(f);
                }
                more = f != null;
                if (batch.size() == runtime.batch() || !more && !batch.isEmpty()) {
                    List<List<Detection>> detected = detector.detect(batch.stream()
                            .map(b -> new BgrImage(b.bgr(), b.width(), b.height()))
                            .toList());
                    for (int k = 0; k < batch.size(); k++) {
                        addFrame(frames, tracker, batch.get(k), detected.get(k), fps);
                    }
                    batch.clear();
                }
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L && !frames.isEmpty()) {
                    lastReport = now;
                    double perFrame = (now - start) / 1e9 / frames.size();
                    progress.accept(String.format(
                            "label: %s %d frames, %.0f ms a frame",
                            video.getFileName(), frames.size(), perFrame * 1e3));
                }
            }
        }
        if (frames.size() < settings.clipLength()) {
            throw new IllegalArgumentException(video + " has " + frames.size()
                    + " decodable frames, fewer than one clip of " + settings.clipLength());
        }
        List<TeacherClip> clips = TeacherLabels.clips(frames, settings.clipLength(), settings.rule());
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format(
                "label: %s %d frames, %d clips in %.0f s (%.1f ms a frame)",
                video.getFileName(), frames.size(), clips.size(), seconds, seconds * 1e3 / frames.size()));
        return new TeacherLabels(
                new TeacherLabels.Meta(
                        video.getFileName().toString(),
                        sha,
                        describe,
                        width,
                        height,
                        fps,
                        frames.size(),
                        macs,
                        seconds,
                        runtime.describe()),
                frames,
                clips);
    }

    private static void addFrame(
            List<TeacherFrame> frames, BoxTracker tracker, BgrFrame f, List<Detection> detections, double fps) {
        List<TeacherBox> boxes = new ArrayList<>();
        for (Detection d : detections) {
            String group = ClassGroups.groupOf(d.label());
            if (group != null) {
                boxes.add(box(d, group, f.width(), f.height()));
            }
        }
        int index = frames.size();
        double time = f.timestampMicros() >= 0 ? f.timestampMicros() / 1e6 : index / fps;
        frames.add(new TeacherFrame(index, time, tracker.next(oneBoxPerObject(boxes))));
    }

    /**
     * Drops a box that overlaps a better-scoring box of the same group by IoU 0.6 or more: the detector's per-class
     * suppression leaves one parked car as both "car" and "truck", which would count it twice.
     */
    static List<TeacherBox> oneBoxPerObject(List<TeacherBox> boxes) {
        List<TeacherBox> sorted = new ArrayList<>(boxes);
        sorted.sort((a, b) -> Float.compare(b.score(), a.score()));
        List<TeacherBox> kept = new ArrayList<>();
        for (TeacherBox b : sorted) {
            boolean duplicate = false;
            for (TeacherBox k : kept) {
                if (k.group().equals(b.group()) && k.box().iou(b.box()) >= 0.6) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(b);
            }
        }
        return kept;
    }

    private static TeacherBox box(Detection d, String group, int width, int height) {
        int x = Math.max(0, Math.round(d.x()));
        int y = Math.max(0, Math.round(d.y()));
        int w = Math.max(1, Math.min(width - x, Math.round(d.width())));
        int h = Math.max(1, Math.min(height - y, Math.round(d.height())));
        return new TeacherBox(group, d.label(), Math.round(d.score() * 1000) / 1000f, x, y, w, h, 0);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
