package dev.saccade.operators.adaptive;

import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.ClipHeader;
import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import dev.saccade.schemas.Patch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds the focus request of an undecided clip: metadata, h, exit-0 scores and the chosen full-resolution patches. */
public final class FocusRequests {
    private FocusRequests() {}

    public static FocusRequest of(
            Clip clip, ClipData data, GlanceStage.Glance g, double denseGmacs, String modelVersion) {
        List<FocusPatch> patches = new ArrayList<>(g.plan().size());
        for (Policy.Focus f : g.plan()) {
            patches.add(FocusPatch.newBuilder()
                    .setFrameSequence(clip.sequences[Math.min(f.frame(), clip.sequences.length - 1)])
                    .setX(f.box().x())
                    .setY(f.box().y())
                    .setSize(f.box().size())
                    .setLevel(f.box().level())
                    .setPriority(f.priority())
                    .setBgr(ByteBuffer.wrap(GlanceStage.crop(data, f)))
                    .build());
        }
        return ClipHeader.of(clip)
                .applyTo(FocusRequest.newBuilder())
                .setClipFeatures(floats(g.clipFeatures()))
                .setGlanceProbabilities(floats(g.probabilities()))
                .setGlanceGmacs(g.macs() / 1e9)
                .setDenseGmacs(denseGmacs)
                .setModelVersion(modelVersion)
                .setPatches(patches)
                .build();
    }

    static List<Float> floats(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }

    /** The event's record of a looked-at patch, from the request's patch. */
    static Patch patchOf(FocusPatch p) {
        return new Patch(p.getFrameSequence(), p.getX(), p.getY(), p.getSize(), p.getSize(), p.getLevel());
    }
}
