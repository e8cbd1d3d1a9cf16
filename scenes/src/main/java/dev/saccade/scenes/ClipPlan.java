package dev.saccade.scenes;

/**
 * Everything decided once per clip: its label, whether and how distractors move, the sprite and its pose in every
 * frame. Each clip draws from its own stream derived from (seed, clipIndex), so any clip can be rendered on its own and
 * gets the same content regardless of which clips were rendered before.
 */
final class ClipPlan {
    private static final double TWO_PI = 2 * StrictMath.PI;
    /** Share of the frame one object may cover: below the promised 3% to leave room for pixel rounding. */
    private static final double AREA_BUDGET = 0.027;
    // Bounding-box area of each silhouette in figure units squared, worst pose and widest build included; measured by
    // rendering every pose at a large scale (side 0.51, front 0.44, mid-fall 0.63, vehicle 1.71) plus a few percent.
    private static final double AREA_SIDE = 0.55;
    private static final double AREA_FRONT = 0.48;
    private static final double AREA_FALLING = 0.68;
    private static final double AREA_VEHICLE = 1.8;

    final int clipIndex;
    final EventClass label;
    final boolean distractor;
    final boolean sway;
    final boolean flicker;
    /** Null when nothing moves (idle clips). */
    final Sprite sprite;

    final Pose[] poses;
    final boolean[] active;

    private final double swayAmp;
    private final double swayOmega;
    private final double swayPhase;
    private final double gustOmega;
    private final double gustPhase;
    private final double flickerPeriod;
    private final double flickerPhase;
    private final double flickerDepth;
    private final int flickerSeed;
    private final double fps;

    private ClipPlan(
            int clipIndex,
            EventClass label,
            boolean distractor,
            Rng dr,
            Sprite sprite,
            Pose[] poses,
            boolean[] active,
            double fps,
            double widthScale) {
        this.clipIndex = clipIndex;
        this.label = label;
        this.distractor = distractor;
        this.sprite = sprite;
        this.poses = poses;
        this.active = active;
        this.fps = fps;
        int mode = dr.nextInt(3);
        this.sway = distractor && mode != 1;
        this.flicker = distractor && mode != 0;
        this.swayAmp = Math.max(2.0, dr.uniform(2.2, Background.MAX_SWAY_320) * widthScale);
        this.swayOmega = TWO_PI / dr.uniform(0.7, 1.8);
        this.swayPhase = dr.uniform(0, TWO_PI);
        this.gustOmega = TWO_PI / dr.uniform(3, 8);
        this.gustPhase = dr.uniform(0, TWO_PI);
        this.flickerPeriod = dr.uniform(0.25, 1.0);
        this.flickerPhase = dr.uniform(0, TWO_PI);
        this.flickerDepth = dr.uniform(0.4, 0.7);
        this.flickerSeed = dr.nextInt();
    }

    private static long clipSeed(long seed, int clipIndex) {
        return Rng.derive(Rng.derive(seed, 0xC1), clipIndex);
    }

    /** The label alone, without planning motion: the first draw of the clip's stream. */
    static EventClass label(long seed, int clipIndex, double quietFraction) {
        Rng pick = new Rng(clipSeed(seed, clipIndex));
        if (pick.nextDouble() < quietFraction) {
            return EventClass.IDLE;
        }
        return EventClass.fromIndex(1 + pick.nextInt(EventClass.count() - 1));
    }

    static ClipPlan create(SceneConfig cfg, Background bg, long seed, int clipIndex) {
        long cs = clipSeed(seed, clipIndex);
        EventClass label = label(seed, clipIndex, cfg.quietFraction());
        Rng pick = new Rng(cs);
        pick.nextDouble();
        pick.nextInt(EventClass.count() - 1);
        boolean distractor = pick.nextDouble() < cfg.distractorFraction();
        // Separate streams so that changing how one aspect is drawn never reshuffles the others.
        Rng dr = new Rng(Rng.derive(cs, 1));
        Rng ar = new Rng(Rng.derive(cs, 2));
        int t = cfg.clipLength();
        Pose[] poses = new Pose[t];
        boolean[] active = new boolean[t];
        Sprite sprite = null;
        if (label != EventClass.IDLE) {
            Motion m = new Motion(cfg, bg, ar, poses, active);
            sprite = switch (label) {
                case WALK_LEFT -> m.walk(-1);
                case WALK_RIGHT -> m.walk(1);
                case APPROACH -> m.approach();
                case LOITER -> m.loiter();
                case FALL -> m.fall();
                default -> throw new IllegalStateException(label.toString());
            };
        }
        return new ClipPlan(
                clipIndex, label, distractor, dr, sprite, poses, active, cfg.fps(), Math.max(1.0, cfg.width() / 320.0));
    }

    /** Per-row horizontal shift of a canopy in frame {@code frame}: the crown top sways most, the trunk end not at all. */
    void swayShifts(Background.Canopy c, int frame, int maxShift, int[] out) {
        double time = frame / fps;
        double amp = swayAmp * (1 + 0.35 * StrictMath.sin(gustOmega * time + gustPhase));
        for (int row = 0; row < c.h; row++) {
            double weight = 1 - (double) row / c.h;
            long s = Math.round(amp * weight * StrictMath.sin(swayOmega * time + swayPhase + row * 0.06));
            out[row] = (int) Math.max(-maxShift, Math.min(maxShift, s));
        }
    }

    /** Sign brightness in frame {@code frame}, 256 = fully lit: a square wave with occasional random stutters. */
    int flickerLevel(int frame) {
        double time = frame / fps;
        boolean on = StrictMath.sin(TWO_PI * time / flickerPeriod + flickerPhase) > 0;
        if (Noise.hash01(frame, clipIndex, flickerSeed) < 0.15) {
            on = !on;
        }
        return (int) Math.round((on ? 1.0 : 1.0 - flickerDepth) * 256);
    }

    /** Trajectories per class. Sizes follow the ground plane: an object's height is proportional to its distance below
     * the horizon, so approaching objects grow and everything stands on the ground. */
    private static final class Motion {
        final int w;
        final int h;
        final int t;
        final double fps;
        final double horizon;
        final double ground;
        final Background bg;
        final Rng rng;
        final Pose[] poses;
        final boolean[] active;

        Motion(SceneConfig cfg, Background bg, Rng rng, Pose[] poses, boolean[] active) {
            this.w = cfg.width();
            this.h = cfg.height();
            this.t = cfg.clipLength();
            this.fps = cfg.fps();
            this.horizon = bg.horizon;
            this.ground = cfg.height() - bg.horizon;
            this.bg = bg;
            this.rng = rng;
            this.poses = poses;
            this.active = active;
        }

        /** Largest scale (at the bottom row) for a silhouette whose box covers {@code areaFactor * s^2}. */
        double maxScale(double areaFactor) {
            // The 1.5 px cover the partly covered pixels on the box's border, which matter on small frames.
            double s = Math.sqrt(AREA_BUDGET * w * h / areaFactor) - 1.5;
            return Math.max(4, Math.min(s, 1.2 * ground));
        }

        double depthY(double d) {
            return horizon + d * ground;
        }

        /**
         * Mean background luma over the region an object sweeps: its colours are chosen against this so that it stays
         * visible to frame differencing (a person in grey on grey asphalt would move almost unseen).
         */
        double luma(double xa, double xb, double top, double bottom) {
            int x0 = (int) Math.max(0, Math.min(w - 1, Math.min(xa, xb)));
            int x1 = (int) Math.max(x0, Math.min(w - 1, Math.max(xa, xb)));
            int y0 = (int) Math.max(0, Math.min(h - 1, top));
            int y1 = (int) Math.max(y0, Math.min(h - 1, bottom));
            byte[] px = bg.still;
            long sum = 0;
            long n = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0, i = (y * w + x0) * 3; x <= x1; x++, i += 3) {
                    sum += 29L * (px[i] & 0xff) + 150L * (px[i + 1] & 0xff) + 77L * (px[i + 2] & 0xff);
                    n++;
                }
            }
            return sum / 256.0 / n;
        }

        Sprite walk(int facing) {
            boolean vehicle = rng.chance(0.25);
            double d = rng.uniform(0.6, 0.97);
            double ay = depthY(d);
            double s = maxScale(vehicle ? AREA_VEHICLE : AREA_SIDE) * rng.uniform(0.85, 1.0) * d;
            double ext = vehicle ? 1.0 * s : 0.32 * s;
            double speed = vehicle ? rng.uniform(3.0, 6.0) : rng.uniform(1.0, 1.8); // figure units per second
            double step = speed * s / fps;
            double room = Math.max(0, w - 2 * ext);
            if (step * (t - 1) > 0.9 * room) {
                step = 0.9 * room / (t - 1); // long clips: slow down rather than leave the frame
            }
            double path = step * (t - 1);
            double start = ext + rng.nextDouble() * Math.max(0, room - path);
            double x0 = facing > 0 ? start : start + path;
            double phase0 = rng.uniform(0, TWO_PI);
            double wobble = rng.uniform(0.004, 0.01) * s; // small vertical bob on top of the gait's own
            for (int i = 0; i < t; i++) {
                double dist = step * i;
                double phase = vehicle ? phase0 + dist / (0.17 * s) : phase0 + TWO_PI * dist / (0.85 * s);
                double bob = vehicle ? 0 : wobble * StrictMath.sin(2 * phase);
                poses[i] = new Pose(x0 + facing * dist, ay + bob, s, facing, false, phase, 1, 0);
                active[i] = true;
            }
            double l = luma(x0 - ext, x0 + facing * path + ext, ay - s, ay);
            return vehicle ? Sprite.vehicle(rng, l) : Sprite.person(rng, l);
        }

        Sprite approach() {
            double d0 = rng.uniform(0.28, 0.42);
            double d1 = rng.uniform(0.86, 0.97);
            double sMax = maxScale(AREA_FRONT) * rng.uniform(0.85, 1.0);
            double x0 = w * rng.uniform(0.25, 0.75);
            double drift = w * rng.uniform(-0.08, 0.08);
            double cadence = rng.uniform(0.8, 1.0); // gait cycles per second
            double phase0 = rng.uniform(0, TWO_PI);
            for (int i = 0; i < t; i++) {
                double f = (double) i / (t - 1);
                double d = d0 + (d1 - d0) * f;
                double s = Math.min(sMax, Math.max(6, sMax * d)); // far away but still more than a speck on tiny frames
                double ax = Math.max(0.25 * s, Math.min(w - 0.25 * s, x0 + drift * f));
                poses[i] = new Pose(ax, depthY(d), s, 1, true, phase0 + TWO_PI * cadence * i / fps, 1, 0);
                active[i] = true;
            }
            Pose a = poses[0];
            Pose b = poses[t - 1];
            return Sprite.person(rng, luma(a.ax() - 0.2 * b.s(), b.ax() + 0.2 * b.s(), a.ay() - a.s(), b.ay()));
        }

        Sprite loiter() {
            double d = rng.uniform(0.5, 0.95);
            double sMax = maxScale(AREA_SIDE) * rng.uniform(0.85, 1.0);
            double s = sMax * d;
            double seconds = (t - 1) / fps;
            int cycles = (int) Math.max(1, Math.round(seconds / rng.uniform(2.5, 5.0)));
            double period = (t - 1) / (double) cycles; // whole cycles: the clip ends where it started
            double a1 = rng.uniform(0.12, 0.22) * s;
            double a2 = rng.uniform(0.0, 0.06) * s;
            double b = rng.uniform(0.0, 0.02) * ground;
            double p1 = rng.uniform(0, TWO_PI);
            double p2 = rng.uniform(0, TWO_PI);
            double p3 = rng.uniform(0, TWO_PI);
            double reach = 2 * a1 + 2 * a2 + 0.35 * s;
            double cx = reach + rng.nextDouble() * Math.max(0, w - 2 * reach);
            double ay0 = depthY(d);
            double[] xs = new double[t];
            double[] ys = new double[t];
            for (int i = 0; i < t; i++) {
                double a = TWO_PI * i / period;
                xs[i] = cx
                        + a1 * (StrictMath.sin(a + p1) - StrictMath.sin(p1))
                        + a2 * (StrictMath.sin(2 * a + p2) - StrictMath.sin(p2));
                ys[i] = Math.min(h - 1, ay0 + b * (StrictMath.sin(a + p3) - StrictMath.sin(p3)));
            }
            int facing = xs[Math.min(1, t - 1)] >= xs[0] ? 1 : -1;
            double phase = rng.uniform(0, TWO_PI);
            for (int i = 0; i < t; i++) {
                double dx = i + 1 < t ? xs[i + 1] - xs[i] : xs[i] - xs[i - 1];
                if (Math.abs(dx) > 0.004 * s) {
                    facing = dx > 0 ? 1 : -1;
                }
                if (i > 0) {
                    phase += TWO_PI * Math.abs(xs[i] - xs[i - 1]) / (0.85 * s);
                }
                double si = sMax * (ys[i] - horizon) / ground;
                double swing = Math.min(1, Math.abs(dx) / (0.02 * s)); // nearly standing: legs come together
                poses[i] = new Pose(xs[i], ys[i], si, facing, false, phase, swing, 0);
                active[i] = true;
            }
            return Sprite.person(rng, luma(cx - reach, cx + reach, ay0 - s, ay0));
        }

        Sprite fall() {
            double d = rng.uniform(0.5, 0.9);
            double s = maxScale(AREA_FALLING) * rng.uniform(0.85, 1.0) * d;
            double ay = depthY(d);
            int facing = rng.sign();
            int fallFrames = (int) Math.max(2, Math.min(Math.max(2, t / 3), Math.round(rng.uniform(0.3, 0.5) * fps)));
            int fallStart =
                    (int) Math.max(1, Math.min(t - 1 - fallFrames, Math.round(rng.uniform(0.25, 0.45) * (t - 1))));
            double step = rng.uniform(0.8, 1.4) * s / fps;
            double margin = 0.32 * s;
            double lying = 1.1 * s; // the body ends up reaching this far beyond the feet
            double spare = w - 2 * margin - lying;
            if (step * fallStart > spare) {
                step = Math.max(0, spare / fallStart);
            }
            double walked = step * fallStart;
            double lo = facing > 0 ? margin : margin + lying + walked;
            double hi = facing > 0 ? w - margin - lying - walked : w - margin;
            double x0 = lo + rng.nextDouble() * Math.max(0, hi - lo);
            double phase0 = rng.uniform(0, TWO_PI);
            double fallX = x0 + facing * walked;
            double fallPhase = phase0 + TWO_PI * walked / (0.85 * s);
            for (int i = 0; i < t; i++) {
                if (i < fallStart) {
                    double dist = step * i;
                    poses[i] = new Pose(
                            x0 + facing * dist, ay, s, facing, false, phase0 + TWO_PI * dist / (0.85 * s), 1, 0);
                } else {
                    double prog = Math.min(1.0, (i - fallStart + 1) / (double) fallFrames);
                    double theta = 0.5 * StrictMath.PI * prog * prog; // accelerates like a topple
                    poses[i] = new Pose(
                            fallX + facing * 0.06 * s * prog, ay, s, facing, false, fallPhase, 1 - prog, theta);
                    active[i] = true;
                }
            }
            return Sprite.person(
                    rng, luma(Math.min(x0, fallX + facing * lying), Math.max(x0, fallX + facing * lying), ay - s, ay));
        }
    }
}
