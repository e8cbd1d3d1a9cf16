package dev.saccade.operators.ingest;

import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.net.TemporalHead;
import java.io.Serializable;
import java.util.List;

/** What a focus request must look like for the focus stage's bundle: its version, h, labels, patches and their sizes. */
public record RequestShape(String modelVersion, int featureLength, int labels, int maxPatches, List<Integer> patchSizes)
        implements Serializable {

    /** The shape the glance stage of {@code manifest}'s bundle writes (patch checks off where it names no policy). */
    public static RequestShape of(BundleManifest manifest) {
        BundleManifest.PolicySpec policy = manifest.policy();
        return new RequestShape(
                manifest.version(),
                TemporalHead.HIDDEN,
                manifest.labels().size(),
                policy == null ? Integer.MAX_VALUE : policy.focusSteps(),
                policy == null || policy.levels() == null ? List.of() : List.copyOf(policy.levels()));
    }

    /** Null when {@code r} fits; else why not. */
    String mismatch(dev.saccade.schemas.FocusRequest r) {
        if (!modelVersion.equals(r.getModelVersion().toString())) {
            return "made by bundle " + r.getModelVersion() + " but this focus stage runs " + modelVersion;
        }
        if (r.getClipFeatures().size() != featureLength) {
            return "clip features h has " + r.getClipFeatures().size() + " values, the bundle's has " + featureLength;
        }
        if (r.getGlanceProbabilities().size() != labels) {
            return r.getGlanceProbabilities().size() + " glance probabilities for the bundle's " + labels + " labels";
        }
        if (r.getPatches().size() > maxPatches) {
            return r.getPatches().size() + " patches but the focus stage has " + maxPatches + " exits";
        }
        for (var p : r.getPatches()) {
            if (!patchSizes.isEmpty() && !patchSizes.contains(p.getSize())) {
                return "patch size " + p.getSize() + " is none of the bundle's levels " + patchSizes;
            }
        }
        return null;
    }
}
