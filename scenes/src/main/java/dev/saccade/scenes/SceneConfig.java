package dev.saccade.scenes;

/**
 * Size, clip length, class mix and frame rate of a synthetic scene stream.
 *
 * @param width frame width in pixels, 64..4096
 * @param height frame height in pixels, 48..4096
 * @param clipLength frames per labelled clip, 4..10000
 * @param quietFraction probability that a clip is {@link EventClass#IDLE}, 0..1
 * @param distractorFraction probability that a clip has distractor motion (swaying foliage, flickering light), 0..1
 * @param fps frames per second; motion speeds and lighting drift are defined in seconds, so this sets pixels per frame
 */
public record SceneConfig(
        int width, int height, int clipLength, double quietFraction, double distractorFraction, double fps) {
    public static final int MIN_WIDTH = 64;
    public static final int MIN_HEIGHT = 48;
    public static final int MAX_SIZE = 4096;
    // Below 4 frames a fall cannot show walking, falling and lying.
    public static final int MIN_CLIP_LENGTH = 4;
    public static final int MAX_CLIP_LENGTH = 10_000;

    public SceneConfig {
        if (width < MIN_WIDTH || width > MAX_SIZE) {
            throw new IllegalArgumentException("width must be in [" + MIN_WIDTH + ", " + MAX_SIZE + "], was " + width);
        }
        if (height < MIN_HEIGHT || height > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "height must be in [" + MIN_HEIGHT + ", " + MAX_SIZE + "], was " + height);
        }
        if (clipLength < MIN_CLIP_LENGTH || clipLength > MAX_CLIP_LENGTH) {
            throw new IllegalArgumentException(
                    "clipLength must be in [" + MIN_CLIP_LENGTH + ", " + MAX_CLIP_LENGTH + "], was " + clipLength);
        }
        // Written as !(in range) so that NaN is rejected too.
        if (!(quietFraction >= 0 && quietFraction <= 1)) {
            throw new IllegalArgumentException("quietFraction must be in [0, 1], was " + quietFraction);
        }
        if (!(distractorFraction >= 0 && distractorFraction <= 1)) {
            throw new IllegalArgumentException("distractorFraction must be in [0, 1], was " + distractorFraction);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("fps must be in (0, 1000], was " + fps);
        }
    }

    /** 320x240, 16-frame clips, 60% idle, 30% with distractors, 10 fps: the demo feed. */
    public static SceneConfig defaults() {
        return new SceneConfig(320, 240, 16, 0.6, 0.3, 10.0);
    }

    public SceneConfig withSize(int w, int h) {
        return new SceneConfig(w, h, clipLength, quietFraction, distractorFraction, fps);
    }

    public SceneConfig withClipLength(int t) {
        return new SceneConfig(width, height, t, quietFraction, distractorFraction, fps);
    }

    public SceneConfig withQuietFraction(double q) {
        return new SceneConfig(width, height, clipLength, q, distractorFraction, fps);
    }

    public SceneConfig withDistractorFraction(double d) {
        return new SceneConfig(width, height, clipLength, quietFraction, d, fps);
    }

    public SceneConfig withFps(double f) {
        return new SceneConfig(width, height, clipLength, quietFraction, distractorFraction, f);
    }

    /** Bytes of one BGR frame. */
    public int frameBytes() {
        return width * height * 3;
    }
}
