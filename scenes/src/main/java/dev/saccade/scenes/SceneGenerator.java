package dev.saccade.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An endless, deterministic fixed-camera video stream with ground truth. Frames come in clips of
 * {@code config.clipLength()} frames that share one {@link EventClass}; what a frame shows is a pure function of
 * (config, seed, sequence), so {@link #clip(int)} and {@link #frame(long)} give random access to the same stream that
 * {@link #nextFrame()} walks. Every returned frame owns a fresh pixel array. Not thread-safe: use one generator per
 * thread (they are cheap: building the background takes a few milliseconds).
 */
public final class SceneGenerator {
    private static final double TWO_PI = 2 * StrictMath.PI;

    // Sensor noise is read from one shared table at a per-frame random offset: per-pixel random numbers would cost more
    // than the whole rest of a frame.
    private static final int NOISE_LEN = 1 << 20;
    private static final int NOISE_MASK = NOISE_LEN - 1;
    private static final byte[] NOISE = noiseTable();
    private static final int PAD = 3; // noise range is [-PAD, PAD]; the table stores noise + PAD

    private final SceneConfig config;
    private final long seed;
    private final Background background;
    private final SpriteRenderer renderer;
    private final byte[] work;
    private final byte[] response = new byte[(2 * PAD + 1) << 8];
    private final int[] shifts;
    private final double driftAmp1;
    private final double driftPeriod1;
    private final double driftPhase1;
    private final double driftAmp2;
    private final double driftPeriod2;
    private final double driftPhase2;
    private long next;
    private ClipPlan plan;

    public SceneGenerator(SceneConfig config, long seed) {
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
        this.background = Background.build(config.width(), config.height(), seed);
        this.renderer = new SpriteRenderer(background.lightX);
        this.work = new byte[config.frameBytes()];
        int tallest = 1;
        for (Background.Canopy c : background.canopies) {
            tallest = Math.max(tallest, c.h);
        }
        this.shifts = new int[tallest];
        // Lighting drift: a slow swell of a few percent plus a smaller, faster one (passing clouds).
        Rng r = new Rng(Rng.derive(seed, 0x119));
        this.driftAmp1 = r.uniform(0.02, 0.035);
        this.driftPeriod1 = r.uniform(40, 120);
        this.driftPhase1 = r.uniform(0, TWO_PI);
        this.driftAmp2 = r.uniform(0.005, 0.012);
        this.driftPeriod2 = r.uniform(8, 20);
        this.driftPhase2 = r.uniform(0, TWO_PI);
    }

    public SceneConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** Sequence number of the frame {@link #nextFrame()} returns next. */
    public long position() {
        return next;
    }

    /** The next frame of the stream; sequence numbers start at 0 and go up by one per call. */
    public SceneFrame nextFrame() {
        return frame(next++);
    }

    /**
     * The next whole clip. Called between clips it continues the stream seamlessly; called in the middle of a clip it
     * skips that clip's remaining frames (their sequence numbers are not reused) and returns the following clip.
     */
    public SceneClip nextClip() {
        int t = config.clipLength();
        long start = (next + t - 1) / t * t;
        SceneClip clip = clip(clipIndexOf(start));
        next = start + t;
        return clip;
    }

    /** Clip {@code clipIndex} of this stream, rendered on its own; does not move {@link #position()}. */
    public SceneClip clip(int clipIndex) {
        if (clipIndex < 0) {
            throw new IllegalArgumentException("clipIndex must not be negative, was " + clipIndex);
        }
        int t = config.clipLength();
        List<SceneFrame> frames = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            frames.add(frame((long) clipIndex * t + i));
        }
        ClipPlan p = planFor(clipIndex);
        return new SceneClip(clipIndex, p.label, p.distractor, frames);
    }

    /** The label of clip {@code clipIndex} without rendering it, e.g. to pick balanced training clips. */
    public EventClass clipLabel(int clipIndex) {
        if (clipIndex < 0) {
            throw new IllegalArgumentException("clipIndex must not be negative, was " + clipIndex);
        }
        return ClipPlan.label(seed, clipIndex, config.quietFraction());
    }

    /** Frame {@code sequence} of this stream, rendered on its own; does not move {@link #position()}. */
    public SceneFrame frame(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        int t = config.clipLength();
        int clipIndex = clipIndexOf(sequence);
        int f = (int) (sequence % t);
        ClipPlan p = planFor(clipIndex);
        int w = config.width();
        int h = config.height();
        System.arraycopy(background.still, 0, work, 0, work.length);
        if (p.sway) {
            sway(p, f);
        }
        if (p.flicker) {
            flicker(p.flickerLevel(f));
        }
        List<Box> boxes = List.of();
        if (p.sprite != null) {
            Box box = renderer.draw(work, w, h, p.sprite, p.poses[f]);
            if (box != null) {
                boxes = List.of(box);
            }
        }
        byte[] out = new byte[work.length];
        expose(out, sequence);
        return new SceneFrame(sequence, clipIndex, f, p.label, w, h, out, boxes, p.active[f], p.distractor);
    }

    private int clipIndexOf(long sequence) {
        long c = sequence / config.clipLength();
        if (c > Integer.MAX_VALUE) {
            throw new IllegalStateException("stream exhausted: clip index " + c + " exceeds int range");
        }
        return (int) c;
    }

    private ClipPlan planFor(int clipIndex) {
        if (plan == null || plan.clipIndex != clipIndex) {
            plan = ClipPlan.create(config, background, seed, clipIndex);
        }
        return plan;
    }

    private void sway(ClipPlan p, int frame) {
        int w = config.width();
        int h = config.height();
        byte[] bare = background.bare;
        for (Background.Canopy c : background.canopies) {
            // Uncover what the crown hides at rest before drawing it displaced, or its old position would ghost.
            int x0 = Math.max(0, c.x0);
            int x1 = Math.min(w, c.x0 + c.w);
            for (int y = Math.max(0, c.y0); y < Math.min(h, c.y0 + c.h); y++) {
                if (x1 > x0) {
                    int i = (y * w + x0) * 3;
                    System.arraycopy(bare, i, work, i, (x1 - x0) * 3);
                }
            }
            p.swayShifts(c, frame, background.swayPad, shifts);
            Background.drawCanopy(work, w, h, c, shifts);
        }
    }

    private void flicker(int level) {
        if (level == 256) {
            return;
        }
        int w = config.width();
        int h = config.height();
        Background bg = background;
        int delta = level - 256;
        for (int ly = 0; ly < bg.glowH; ly++) {
            int y = bg.glowY0 + ly;
            if (y < 0 || y >= h) {
                continue;
            }
            for (int lx = 0; lx < bg.glowW; lx++) {
                int x = bg.glowX0 + lx;
                if (x < 0 || x >= w) {
                    continue;
                }
                int e = (ly * bg.glowW + lx) * 3;
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = (work[i + c] & 0xff) + ((bg.emit[e + c] * delta) >> 8);
                    work[i + c] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
                }
            }
        }
    }

    /** Camera response: global lighting drift and sensor noise, applied to {@code work} and written into {@code out}. */
    private void expose(byte[] out, long sequence) {
        double time = sequence / config.fps();
        double gain = 1
                + driftAmp1 * StrictMath.sin(TWO_PI * time / driftPeriod1 + driftPhase1)
                + driftAmp2 * StrictMath.sin(TWO_PI * time / driftPeriod2 + driftPhase2);
        // 16 fractional bits: with 8, the gain moves in 0.4% steps and the whole image visibly jumps half a grey level.
        long g = Math.round(gain * 65536);
        // One table indexed by (noise, value) so the per-byte loop is a single lookup.
        byte[] table = response;
        for (int noise = 0; noise <= 2 * PAD; noise++) {
            for (int v = 0; v < 256; v++) {
                int lit = (int) Math.min(255, (v * g + 32768) >> 16) + noise - PAD;
                table[(noise << 8) | v] = (byte) (lit < 0 ? 0 : lit > 255 ? 255 : lit);
            }
        }
        int n = out.length;
        long r = Rng.derive(seed ^ 0x5E45L, sequence);
        byte[] src = work;
        byte[] noise = NOISE;
        if (n <= NOISE_LEN) {
            int off = (int) Long.remainderUnsigned(r, NOISE_LEN - n + 1);
            for (int i = 0; i < n; i++) {
                out[i] = table[(noise[off + i] << 8) | (src[i] & 0xff)];
            }
        } else {
            int off = (int) (r & NOISE_MASK);
            for (int i = 0; i < n; i++) {
                out[i] = table[(noise[(off + i) & NOISE_MASK] << 8) | (src[i] & 0xff)];
            }
        }
    }

    /** Roughly Gaussian integers in [-3, 3] (sigma ~1.2), stored plus 3: the sum of three draws from {-1, 0, 0, 1}. */
    private static byte[] noiseTable() {
        byte[] t = new byte[NOISE_LEN];
        Rng r = new Rng(0x5A5A_C0DEL);
        long bits = 0;
        int left = 0;
        for (int i = 0; i < NOISE_LEN; i++) {
            int v = 0;
            for (int k = 0; k < 3; k++) {
                if (left == 0) {
                    bits = r.nextLong();
                    left = 32;
                }
                int two = (int) (bits & 3);
                bits >>>= 2;
                left--;
                v += two == 0 ? -1 : two == 3 ? 1 : 0;
            }
            t[i] = (byte) (v + PAD);
        }
        return t;
    }
}
