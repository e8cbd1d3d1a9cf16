package dev.saccade.scenes;

/** The look of one moving object for a whole clip: kind, colours, clothing pattern and build. */
final class Sprite {
    /** What is drawn: a pedestrian, or a small side-view vehicle (walk clips only). */
    enum Kind {
        PERSON,
        VEHICLE
    }

    static final int PLAIN = 0;
    static final int STRIPES = 1;
    static final int CHECK = 2;

    final Kind kind;
    final double[] skin;
    final double[] hair;
    final double[] shirt;
    final double[] shirt2;
    final double[] pants;
    final double[] shoes;
    final double[] bag;
    final int pattern;
    final boolean longSleeves;
    final boolean hasBag;
    /** Torso width factor. */
    final double build;

    final int texSeed;

    private Sprite(
            Kind kind,
            double[] skin,
            double[] hair,
            double[] shirt,
            double[] shirt2,
            double[] pants,
            double[] shoes,
            double[] bag,
            int pattern,
            boolean longSleeves,
            boolean hasBag,
            double build,
            int texSeed) {
        this.kind = kind;
        this.skin = skin;
        this.hair = hair;
        this.shirt = shirt;
        this.shirt2 = shirt2;
        this.pants = pants;
        this.shoes = shoes;
        this.bag = bag;
        this.pattern = pattern;
        this.longSleeves = longSleeves;
        this.hasBag = hasBag;
        this.build = build;
        this.texSeed = texSeed;
    }

    /** Widest build a person may get; the size cap accounts for it. */
    static final double MAX_BUILD = 1.15;

    /** A random person whose clothes stand out against a background of luma {@code bgLuma}. */
    static Sprite person(Rng rng, double bgLuma) {
        double[] skin = Background.mix(new double[] {250, 215, 185}, new double[] {80, 52, 38}, rng.nextDouble());
        double[][] hairs = {{28, 24, 20}, {62, 42, 28}, {118, 84, 52}, {205, 172, 112}, {150, 148, 145}};
        double[] hair = Background.scale(hairs[rng.nextInt(hairs.length)], rng.uniform(0.9, 1.1));
        double[] shirt = contrast(
                Background.hsv(rng.uniform(0, 360), rng.uniform(0.2, 0.85), rng.uniform(0.25, 0.95)), bgLuma, 75);
        double[] shirt2 = rng.chance(0.5)
                ? Background.scale(shirt, 0.55)
                : Background.hsv(rng.uniform(0, 360), rng.uniform(0.1, 0.6), rng.uniform(0.5, 0.95));
        double[][] pantsChoices = {{48, 68, 118}, {30, 30, 34}, {150, 135, 100}, {108, 108, 114}, {70, 52, 40}};
        double[] pants = contrast(
                Background.scale(pantsChoices[rng.nextInt(pantsChoices.length)], rng.uniform(0.85, 1.15)), bgLuma, 60);
        double[] shoes = rng.chance(0.7) ? new double[] {38, 33, 30} : new double[] {225, 225, 220};
        double[] bag = Background.hsv(rng.uniform(0, 360), rng.uniform(0.2, 0.7), rng.uniform(0.2, 0.6));
        int pattern = rng.nextDouble() < 0.5 ? PLAIN : rng.chance(0.5) ? STRIPES : CHECK;
        return new Sprite(
                Kind.PERSON,
                skin,
                hair,
                shirt,
                shirt2,
                pants,
                shoes,
                bag,
                pattern,
                rng.chance(0.5),
                rng.chance(0.3),
                rng.uniform(0.9, MAX_BUILD),
                rng.nextInt());
    }

    /** A random small vehicle (cart, car) whose body stands out against {@code bgLuma}. */
    static Sprite vehicle(Rng rng, double bgLuma) {
        double[][] paints = {
            {235, 235, 232}, {32, 32, 36}, {172, 174, 178}, {190, 30, 28}, {30, 60, 150}, {40, 110, 60}, {230, 190, 40}
        };
        double[] body =
                contrast(Background.scale(paints[rng.nextInt(paints.length)], rng.uniform(0.9, 1.05)), bgLuma, 75);
        double[] glass = Background.hsv(rng.uniform(195, 225), rng.uniform(0.15, 0.35), rng.uniform(0.2, 0.35));
        double[] stripe = Background.luma(body) > 128 ? new double[] {35, 35, 40} : new double[] {235, 235, 230};
        // Vehicles reuse the person slots: shirt = paint, shirt2 = accent stripe, hair = glass.
        return new Sprite(
                Kind.VEHICLE, body, glass, body, stripe, body, body, body, PLAIN, false, false, 1.0, rng.nextInt());
    }

    /** Pushes a colour's luma at least {@code minDiff} away from the background's, keeping its hue. */
    static double[] contrast(double[] c, double bgLuma, double minDiff) {
        double l = Background.luma(c);
        if (Math.abs(l - bgLuma) >= minDiff) {
            return c;
        }
        double target = bgLuma >= 128 ? Math.max(12, bgLuma - minDiff - 25) : Math.min(245, bgLuma + minDiff + 25);
        if (target > l) {
            // Brightening by scaling saturates strong channels; blending towards white keeps the luma target reachable.
            double t = (target - l) / Math.max(1e-6, 255 - l);
            return Background.mix(c, new double[] {255, 255, 255}, Math.min(1, t));
        }
        return Background.scale(c, target / Math.max(1e-6, l));
    }
}
