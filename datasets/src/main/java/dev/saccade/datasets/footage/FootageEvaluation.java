package dev.saccade.datasets.footage;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.DetectorFocus;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Split;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.eval.ClipObserver;
import dev.saccade.models.report.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./saccade eval --workload footage}: the teacher, the adaptive cascade, the teacher on every N-th frame and the
 * teacher gated by motion, on the test segment of each video, each as agreement with the teacher's clip labels and
 * GMACs per clip.
 */
public final class FootageEvaluation {
    private FootageEvaluation() {}

    /** The four rows of the issue, without the detector focus role. */
    public static Map<String, Object> run(
            ModelBundle bundle, FootageDataset data, Path outJson, String command, Consumer<String> progress)
            throws IOException {
        return run(bundle, data, null, outJson, command, progress);
    }

    /**
     * The four rows, plus {@code adaptive_detector} (the cascade with the reference detector as its focus stage) when
     * {@code detector} is given.
     */
    public static Map<String, Object> run(
            ModelBundle bundle,
            FootageDataset data,
            DetectorFocus detector,
            Path outJson,
            String command,
            Consumer<String> progress)
            throws IOException {
        return run(bundle, data, detector, outJson, command, progress, ClipObserver.NONE);
    }

    /** As the other {@code run}, showing {@code observer} every clip with each adaptive row's decision. */
    public static Map<String, Object> run(
            ModelBundle bundle,
            FootageDataset data,
            DetectorFocus detector,
            Path outJson,
            String command,
            Consumer<String> progress,
            ClipObserver observer)
            throws IOException {
        List<String> labels = bundle.manifest().labels();
        if (!labels.equals(data.labels())) {
            throw new IllegalArgumentException("bundle " + bundle.dir() + " labels " + labels
                    + " are not the footage labels " + data.labels() + ": train one with --workload footage");
        }
        int t = data.clipLength();
        Adaptive adaptive = adaptive(bundle, bundle.cascade(), data, "adaptive", progress, observer);
        Adaptive withDetector = detector == null
                ? null
                : adaptive(
                        bundle, bundle.cascade().withDetector(detector), data, "adaptive_detector", progress, observer);
        List<ClipRef> refs = adaptive.refs();
        int n = refs.size();
        long macsPerFrame = data.sources().get(0).labels().meta().teacherMacsPerFrame();
        double teacherGmacs = t * macsPerFrame / 1e9;
        double adaptiveGmacs = adaptive.gmacsPerClip();
        int interval = (int) Math.max(1, Math.round(teacherGmacs / Math.max(adaptiveGmacs, 1e-12)));

        int blindAgree = 0;
        int blindRuns = 0;
        int motionAgree = 0;
        int motionRuns = 0;
        int frames = 0;
        for (int s = 0; s < data.sources().size(); s++) {
            FootageSource src = data.sources().get(s);
            TimeSplit ts = src.split();
            int from = ts.from(Split.TEST);
            int to = ts.to(Split.TEST);
            TeacherBaselines.Outcome blind = TeacherBaselines.blindSkip(src, from, to, t, data.rule(), interval);
            TeacherBaselines.Outcome motion = TeacherBaselines.motionGated(src, from, to, t, data.rule());
            for (int c = from; c < to; c++) {
                String truth = src.labels().clips().get(c).label();
                blindAgree += blind.labels().get(c - from).equals(truth) ? 1 : 0;
                motionAgree += motion.labels().get(c - from).equals(truth) ? 1 : 0;
            }
            blindRuns += blind.teacherFrames();
            motionRuns += motion.teacherFrames();
            frames += blind.frames();
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("videos", data.sources().stream().map(FootageSource::name).toList());
        report.put("split", "test");
        report.put("clips", n);
        report.put("clip_length", t);
        report.put("teacher_gmacs_per_frame", macsPerFrame / 1e9);
        report.put("teacher", row(1.0, teacherGmacs));
        report.put("adaptive", adaptive.row(labels));
        if (withDetector != null) {
            Map<String, Object> row = withDetector.row(labels);
            row.put("focus_role", "detector");
            row.put("detector_gmacs_per_patch", detector.macsPerLook() / 1e9);
            report.put("adaptive_detector", row);
        }
        Map<String, Object> blind = row((double) blindAgree / n, teacherGmacs * blindRuns / frames * 1.0);
        blind.put("interval", interval);
        report.put("blind_skip", blind);
        Map<String, Object> motion = row((double) motionAgree / n, teacherGmacs * motionRuns / frames);
        motion.put("teacher_frame_fraction", (double) motionRuns / frames);
        report.put("motion_gated", motion);
        report.put(
                "model",
                Map.of(
                        "version",
                        bundle.manifest().version(),
                        "dir",
                        bundle.dir().toString()));
        report.put("command", command);
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outJson.toFile(), report);
        FootagePlot.write(pngBeside(outJson), report);
        return report;
    }

    /** The adaptive cascade's decisions on the test clips. */
    private record Adaptive(
            List<ClipRef> refs, ConfusionMatrix confusion, Map<String, Integer> exits, double gmacsPerClip) {
        Map<String, Object> row(List<String> labels) {
            Map<String, Double> exitFraction = new LinkedHashMap<>();
            exits.forEach((stage, count) -> exitFraction.put(stage, (double) count / refs.size()));
            Map<String, Object> r = FootageEvaluation.row(confusion.accuracy(), gmacsPerClip);
            r.put("exit_fraction", exitFraction);
            r.put("confusion", Map.of("labels", labels, "rows_teacher_columns_adaptive", confusion.counts()));
            return r;
        }
    }

    private static Adaptive adaptive(
            ModelBundle bundle,
            AdaptiveCascade cascade,
            FootageDataset data,
            String name,
            Consumer<String> progress,
            ClipObserver observer) {
        ConfusionMatrix confusion = new ConfusionMatrix(data.labels().size());
        MacLedger cost = new MacLedger();
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (int k = 0; k <= bundle.nets().focusSteps(); k++) {
            exits.put(AdaptiveCascade.stageName(k), 0);
        }
        List<ClipRef> refs = new ArrayList<>();
        try (NDManager m = Inference.newManager()) {
            List<ClipRef> all = data.clips(Split.TEST);
            for (int i = 0; i < all.size(); i += 16) {
                List<ClipRef> batch = all.subList(i, Math.min(all.size(), i + 16));
                List<ClipData> clips = batch.stream().map(data::load).toList();
                List<AdaptiveCascade.Decision> decisions = cascade.classify(m, clips, cost);
                for (int c = 0; c < clips.size(); c++) {
                    confusion.add(batch.get(c).label(), decisions.get(c).label());
                    exits.merge(decisions.get(c).stage(), 1, Integer::sum);
                    observer.decided(name, clips.get(c), decisions.get(c));
                }
                refs.addAll(batch);
                progress.accept(String.format(
                        "eval %s: %d/%d test clips, agreement %.3f",
                        name, refs.size(), all.size(), confusion.accuracy()));
            }
        }
        return new Adaptive(refs, confusion, exits, cost.gmacs() / refs.size());
    }

    private static Map<String, Object> row(double agreement, double gmacs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("agreement", agreement);
        r.put("gmacs_per_clip", gmacs);
        return r;
    }

    static Path pngBeside(Path json) {
        String s = json.toString();
        return Path.of((s.endsWith(".json") ? s.substring(0, s.length() - 5) : s) + ".png");
    }
}
