package dev.saccade.datasets.footage;

import dev.saccade.models.data.ClassGroups;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.models.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Real footage as labelled clips: each video split in time ({@link TimeSplit}), labels and boxes from the teacher.
 * Validation and test clips are the teacher's clips; training windows start every {@code trainStride} frames and come
 * mirrored too (person and vehicle do not depend on left and right), every other mirrored one also zoomed out
 * ({@link ZoomOut}), so a minute of video gives hundreds of windows.
 */
public final class FootageDataset implements ClipDataset {
    private final List<FootageSource> sources;
    private final int t;
    private final ClipRule rule;
    private final int trainStride;
    private final boolean mirror;

    /** Variant bits of a training clip's seed (beside its source): mirrored, zoomed out. */
    private static final int MIRROR = 1;

    private static final int ZOOM_OUT = 2;

    /** The zoomed-out variant shows the frame at this scale, centred, its edges repeated around it. */
    static final double ZOOM = 0.8;

    public FootageDataset(List<FootageSource> sources, int clipLength, ClipRule rule, int trainStride, boolean mirror) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no footage");
        }
        this.sources = List.copyOf(sources);
        this.t = clipLength;
        this.rule = rule;
        this.trainStride = trainStride;
        this.mirror = mirror;
    }

    /** Default stride between training windows: a quarter clip. */
    public static final int TRAIN_STRIDE = 2;

    /**
     * Labels each video with the teacher (cached), decodes it at the working size, and splits it in time; training
     * windows every {@link #TRAIN_STRIDE} frames, mirrored too.
     */
    public static FootageDataset open(
            List<Path> videos, TeacherSettings teacher, Path cacheRoot, Consumer<String> progress) throws IOException {
        return open(videos, teacher, cacheRoot, progress, TeacherRuntime.auto());
    }

    /** As {@link #open(List, TeacherSettings, Path, Consumer)}, the teacher running on {@code runtime}. */
    public static FootageDataset open(
            List<Path> videos,
            TeacherSettings teacher,
            Path cacheRoot,
            Consumer<String> progress,
            TeacherRuntime runtime)
            throws IOException {
        TeacherLabeler labeler = new TeacherLabeler(teacher, cacheRoot, progress, runtime);
        List<FootageSource> sources = new ArrayList<>();
        for (Path v : videos) {
            TeacherLabels labels = labeler.labels(v);
            FootageSource src = FootageSource.load(v, labels);
            TimeSplit ts = src.split();
            progress.accept(String.format(
                    "footage: %s %dx%d -> %dx%d, %d clips: train 0-%d, validation %d-%d, test %d-%d",
                    src.name(),
                    labels.meta().width(),
                    labels.meta().height(),
                    src.width(),
                    src.height(),
                    ts.clips(),
                    ts.trainEnd() - 1,
                    ts.validationStart(),
                    ts.validationEnd() - 1,
                    ts.testStart(),
                    ts.clips() - 1));
            sources.add(src);
        }
        return new FootageDataset(sources, teacher.clipLength(), teacher.rule(), TRAIN_STRIDE, true);
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("workload", name());
        List<Map<String, Object>> videos = new ArrayList<>();
        for (FootageSource s : sources) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("video", s.name());
            v.put("sha256", s.labels().meta().sha256());
            v.put("frames", s.labels().meta().frames());
            v.put("split", s.split());
            videos.add(v);
        }
        p.put("videos", videos);
        p.put("teacher", sources.get(0).labels().meta().settings());
        p.put("teacher_macs_per_clip", (long) t * sources.get(0).labels().meta().teacherMacsPerFrame());
        p.put("working_width", FootageSource.WORK_WIDTH);
        p.put("train_stride", trainStride);
        p.put("mirror", mirror);
        p.put("zoom_out", mirror ? ZOOM : 1.0);
        return p;
    }

    public ClipRule rule() {
        return rule;
    }

    public List<FootageSource> sources() {
        return sources;
    }

    @Override
    public String name() {
        return "footage";
    }

    @Override
    public List<String> labels() {
        return ClassGroups.LABELS;
    }

    @Override
    public int clipLength() {
        return t;
    }

    @Override
    public int width() {
        return sources.get(0).width();
    }

    @Override
    public int height() {
        return sources.get(0).height();
    }

    @Override
    public List<ClipRef> clips(Split split) {
        List<ClipRef> refs = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            refs.addAll(clips(s, split));
        }
        return refs;
    }

    /** The clips of one source's split. */
    public List<ClipRef> clips(int source, Split split) {
        FootageSource src = sources.get(source);
        TimeSplit ts = src.split();
        List<ClipRef> refs = new ArrayList<>();
        if (split != Split.TRAIN) {
            for (int c = ts.from(split); c < ts.to(split); c++) {
                int label =
                        ClassGroups.LABELS.indexOf(src.labels().clips().get(c).label());
                refs.add(new ClipRef(seed(source, 0), c * t, label));
            }
            return refs;
        }
        int lastStart = ts.to(Split.TRAIN) * t - t;
        for (int start = 0, k = 0; start <= lastStart; start += trainStride, k++) {
            int label = ClassGroups.LABELS.indexOf(window(src, start).label());
            refs.add(new ClipRef(seed(source, 0), start, label));
            if (mirror) {
                // every other mirrored window also zoomed out: objects smaller than the camera shows them
                refs.add(new ClipRef(seed(source, k % 2 == 0 ? MIRROR : MIRROR | ZOOM_OUT), start, label));
            }
        }
        return refs;
    }

    /** Which source a clip comes from. */
    public static int source(ClipRef ref) {
        return (int) (ref.seed() / 4);
    }

    private static long seed(int source, int variant) {
        return source * 4L + variant;
    }

    @Override
    public List<ClipRef> balancedTrainingClips(int sourcesWanted, int clips) {
        List<List<ClipRef>> byLabel = new ArrayList<>();
        for (int l = 0; l < ClassGroups.LABELS.size(); l++) {
            byLabel.add(new ArrayList<>());
        }
        for (ClipRef r : clips(Split.TRAIN)) {
            byLabel.get(r.label()).add(r);
        }
        List<ClipRef> out = new ArrayList<>();
        for (int i = 0; out.size() < clips; i++) {
            boolean any = false;
            for (List<ClipRef> l : byLabel) {
                if (!l.isEmpty() && out.size() < clips) {
                    // spread over each class's list rather than taking its first windows only
                    out.add(l.get((int) ((long) i * 7919 % l.size())));
                    any = true;
                }
            }
            if (!any || i > clips) {
                break;
            }
        }
        return out;
    }

    @Override
    public List<String> countGroups() {
        return ClassGroups.GROUPS;
    }

    @Override
    public int[] counts(ClipRef ref) {
        FootageSource src = sources.get(source(ref));
        TeacherClip window = window(src, ref.clipIndex());
        return ClassGroups.GROUPS.stream()
                .mapToInt(g -> window.counts().getOrDefault(g, 0))
                .toArray();
    }

    @Override
    public ClipData load(ClipRef ref) {
        FootageSource src = sources.get(source(ref));
        boolean flip = (ref.seed() & MIRROR) != 0;
        boolean zoom = (ref.seed() & ZOOM_OUT) != 0;
        int start = ref.clipIndex();
        TeacherClip window = window(src, start);
        byte[][] frames = new byte[t + 1][];
        ObjectBox[] boxes = new ObjectBox[t];
        boolean[] active = new boolean[t];
        frames[0] = frame(src, Math.max(0, start - 1), flip, zoom);
        for (int i = 0; i < t; i++) {
            frames[i + 1] = frame(src, start + i, flip, zoom);
            TeacherBox b = window.focus().get(i);
            if (b != null) {
                ObjectBox box = b.box().scaled(src.scaleX(), src.scaleY(), flip, src.width());
                boxes[i] = zoom ? ZoomOut.box(box, ZOOM, src.width(), src.height()) : box;
                active[i] = true;
            }
        }
        return new ClipData(ref, src.width(), src.height(), frames, boxes, active);
    }

    private TeacherClip window(FootageSource src, int start) {
        return rule.apply(start / t, src.labels().frames().subList(start, start + t));
    }

    private static byte[] frame(FootageSource src, int index, boolean flip, boolean zoom) {
        byte[] f = src.frames()[index];
        f = flip ? mirrored(f, src.width(), src.height()) : f;
        return zoom ? ZoomOut.frame(f, ZOOM, src.width(), src.height()) : f;
    }

    static byte[] mirrored(byte[] bgr, int width, int height) {
        byte[] out = new byte[bgr.length];
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < width; x++) {
                int from = row + x * 3;
                int to = row + (width - 1 - x) * 3;
                out[to] = bgr[from];
                out[to + 1] = bgr[from + 1];
                out[to + 2] = bgr[from + 2];
            }
        }
        return out;
    }
}
