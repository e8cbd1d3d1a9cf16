package dev.saccade.operators.adaptive;

import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.NonFiniteOutput;
import dev.saccade.models.counts.CountHead;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.ClipHeader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.LabelScore;
import dev.saccade.schemas.Patch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builds the events the model stages emit: label, top scores, deciding stage, patches looked at, compute spent. */
public final class ModelEvents {
    static final int TOP_K = 3;

    private ModelEvents() {}

    /**
     * What a stage decided for a clip and what the clip cost in total; probabilities must be finite
     * ({@link NonFiniteOutput} otherwise: a NaN is an error, never a confident label).
     */
    public record Outcome(
            float[] probabilities,
            String stage,
            List<Patch> patches,
            double gmacs,
            double denseGmacs,
            int framesLookedAt,
            Map<String, Integer> counts,
            List<DetectedObject> detections) {
        public Outcome {
            NonFiniteOutput.check(probabilities, "stage " + stage);
        }

        /** An outcome without detections (every focus role but the detector's). */
        public Outcome(
                float[] probabilities,
                String stage,
                List<Patch> patches,
                double gmacs,
                double denseGmacs,
                int framesLookedAt,
                Map<String, Integer> counts) {
            this(probabilities, stage, patches, gmacs, denseGmacs, framesLookedAt, counts, List.of());
        }

        /** An outcome without counts (a bundle without a count head, or a stage that reads no h). */
        public Outcome(
                float[] probabilities,
                String stage,
                List<Patch> patches,
                double gmacs,
                double denseGmacs,
                int framesLookedAt) {
            this(probabilities, stage, patches, gmacs, denseGmacs, framesLookedAt, Map.of(), List.of());
        }
    }

    /** Objects per group for a clip whose h the glance computed, where the bundle has a count head. */
    public static Map<String, Integer> counts(ModelBundle bundle, float[] h, int label) {
        CountHead head = bundle.counts();
        if (head == null || h == null) {
            return Map.of();
        }
        return head.counts(h, bundle.manifest().labels().get(label));
    }

    public static ClassifiedEvent forClip(Clip clip, List<String> labels, Outcome o, String modelVersion, long nowMs) {
        return event(ClipHeader.of(clip), labels, o, modelVersion, nowMs);
    }

    public static ClassifiedEvent forRequest(FocusRequest r, List<String> labels, Outcome o, long nowMs) {
        return event(ClipHeader.of(r), labels, o, r.getModelVersion(), nowMs);
    }

    private static ClassifiedEvent event(
            ClipHeader header, List<String> labels, Outcome o, String modelVersion, long nowMs) {
        return header.applyTo(builder(labels, o, modelVersion))
                .setProcessingLatencyMs(header.latencyMs(nowMs))
                .build();
    }

    private static ClassifiedEvent.Builder builder(List<String> labels, Outcome o, String modelVersion) {
        float[] p = o.probabilities();
        int best = dev.saccade.models.cascade.AdaptiveCascade.argmax(p);
        List<LabelScore> top = new ArrayList<>(TOP_K);
        IntStream.range(0, p.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]))
                .limit(TOP_K)
                .forEach(i -> top.add(new LabelScore(labels.get(i), p[i])));
        return ClassifiedEvent.newBuilder()
                .setLabel(labels.get(best))
                .setLabelIndex(best)
                .setConfidence(p[best])
                .setTopK(top)
                .setStage(o.stage())
                .setFramesLookedAt(o.framesLookedAt())
                .setPatches(new ArrayList<>(o.patches()))
                .setGmacs(o.gmacs())
                .setDenseGmacs(o.denseGmacs())
                .setModelVersion(modelVersion)
                .setCounts(new java.util.LinkedHashMap<>(o.counts()))
                .setDetections(new ArrayList<>(o.detections()));
    }
}
