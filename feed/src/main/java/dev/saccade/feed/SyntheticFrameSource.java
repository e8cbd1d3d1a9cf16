package dev.saccade.feed;

import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import java.util.Map;

/** A synthetic fixed-camera stream; each frame carries the generator's ground truth as metadata. */
public final class SyntheticFrameSource implements FrameSource {
    public static final String TRUTH_LABEL = "truth.label";
    public static final String TRUTH_CLIP = "truth.clip";

    private final SceneGenerator generator;

    public SyntheticFrameSource(SceneConfig config, long seed) {
        this.generator = new SceneGenerator(config, seed);
    }

    @Override
    public RawFrame next() {
        SceneFrame f = generator.nextFrame();
        return new RawFrame(
                f.width(),
                f.height(),
                f.bgr(),
                Map.of(
                        TRUTH_LABEL,
                        f.label().label(),
                        TRUTH_CLIP,
                        Integer.toString(f.clipIndex()),
                        "source",
                        "synthetic:" + generator.seed()));
    }
}
