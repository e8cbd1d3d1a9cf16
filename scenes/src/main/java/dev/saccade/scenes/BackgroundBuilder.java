package dev.saccade.scenes;

import static dev.saccade.scenes.Background.*;

import dev.saccade.scenes.Background.Canopy;
import java.util.ArrayList;
import java.util.List;

/** Paints float RGB planes; kept apart from Background so the finished object holds only what frames need. */
final class BackgroundBuilder {
    final int w;
    final int h;
    final Rng rng;
    final double px; // layout unit: one pixel at 320x240
    final float[] r;
    final float[] g;
    final float[] b;
    int horizon;
    double lightX;
    double[] skyTop;
    double[] skyHorizon;
    final List<int[]> buildings = new ArrayList<>(); // x0, x1, top
    int[] sign; // x0, y0, x1, y1
    int glowPad;

    BackgroundBuilder(int w, int h, long seed) {
        this.w = w;
        this.h = h;
        this.rng = new Rng(Rng.derive(seed, 0xB6));
        this.px = Math.min(w / 320.0, h / 240.0);
        this.r = new float[w * h];
        this.g = new float[w * h];
        this.b = new float[w * h];
    }

    void set(int x, int y, double[] c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return;
        }
        int i = y * w + x;
        r[i] = (float) c[0];
        g[i] = (float) c[1];
        b[i] = (float) c[2];
    }

    double vignette(int x, int y) {
        double dx = (x + 0.5) / w - 0.5;
        double dy = (y + 0.5) / h - 0.5;
        return 1 - 0.36 * (dx * dx + dy * dy);
    }

    Background build() {
        horizon = (int) Math.round(h * rng.uniform(0.34, 0.46));
        lightX = rng.uniform(-0.8, 0.8);
        sky();
        if (rng.chance(0.6)) {
            farSkyline();
        }
        nearBuildings();
        if (rng.chance(0.35)) {
            wall();
        }
        ground();
        int posts = rng.nextInt(3);
        for (int i = 0; i < posts; i++) {
            lampPost();
        }
        short[] emit = signLight();
        int trees = 1 + rng.nextInt(3);
        int pad = (int) Math.ceil(MAX_SWAY_320 * Math.max(1.0, w / 320.0)) + 1;
        List<Canopy> canopies = new ArrayList<>();
        for (int i = 0; i < trees; i++) {
            // Sometimes the first tree stands near the camera at a side edge: a big crown makes a substantial
            // distractor.
            Canopy c = tree(pad, i == 0 && rng.chance(0.5));
            if (c != null) {
                canopies.add(c);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = vignette(x, y);
                int i = y * w + x;
                r[i] *= v;
                g[i] *= v;
                b[i] *= v;
            }
        }
        byte[] bare = new byte[w * h * 3];
        for (int i = 0, j = 0; i < w * h; i++, j += 3) {
            bare[j] = (byte) clamp8(b[i]);
            bare[j + 1] = (byte) clamp8(g[i]);
            bare[j + 2] = (byte) clamp8(r[i]);
        }
        byte[] still = bare.clone();
        for (Canopy c : canopies) {
            drawCanopy(still, w, h, c, null);
        }
        float[] rowLuma = new float[h];
        for (int y = 0; y < h; y++) {
            long sum = 0;
            for (int x = 0, j = y * w * 3; x < w; x++, j += 3) {
                sum += 29L * (still[j] & 0xff) + 150L * (still[j + 1] & 0xff) + 77L * (still[j + 2] & 0xff);
            }
            rowLuma[y] = sum / 256f / w;
        }
        return new Background(
                w,
                h,
                horizon,
                bare,
                still,
                canopies.toArray(new Canopy[0]),
                pad,
                sign[0] - glowPad,
                sign[1] - glowPad,
                sign[2] - sign[0] + 2 * glowPad,
                sign[3] - sign[1] + 2 * glowPad,
                emit,
                rowLuma,
                lightX);
    }

    void sky() {
        int kind = rng.nextInt(3);
        double[] cloud;
        double cloudiness;
        if (kind == 0) { // clear day
            skyTop = hsv(rng.uniform(200, 225), rng.uniform(0.45, 0.7), rng.uniform(0.6, 0.8));
            skyHorizon = hsv(rng.uniform(190, 210), rng.uniform(0.12, 0.3), rng.uniform(0.85, 0.95));
            cloud = hsv(0, 0, 0.95);
            cloudiness = rng.uniform(0.0, 0.5);
        } else if (kind == 1) { // overcast
            double hue = rng.uniform(190, 230);
            skyTop = hsv(hue, rng.uniform(0.03, 0.1), rng.uniform(0.55, 0.72));
            skyHorizon = hsv(hue, rng.uniform(0.02, 0.06), rng.uniform(0.75, 0.9));
            cloud = hsv(hue, 0.03, rng.uniform(0.45, 0.6));
            cloudiness = rng.uniform(0.5, 1.0);
        } else { // dusk
            skyTop = hsv(rng.uniform(215, 250), rng.uniform(0.35, 0.6), rng.uniform(0.35, 0.5));
            skyHorizon = hsv(rng.uniform(15, 40), rng.uniform(0.4, 0.7), rng.uniform(0.75, 0.92));
            cloud = hsv(rng.uniform(330, 360), 0.3, 0.6);
            cloudiness = rng.uniform(0.2, 0.7);
        }
        int ns = rng.nextInt();
        double aspect = (double) w / Math.max(1, horizon);
        for (int y = 0; y < horizon; y++) {
            double t = (y + 0.5) / horizon;
            double[] base = mix(skyTop, skyHorizon, t * (2 - t));
            for (int x = 0; x < w; x++) {
                double c = Noise.fbm((x + 0.5) / w * 3 * aspect * 0.5, (y + 0.5) / horizon * 2.5, ns, 4);
                double a = Math.max(0, Math.min(1, (c - 0.62 + 0.3 * cloudiness) * 4)) * 0.8;
                set(x, y, mix(base, cloud, a));
            }
        }
    }

    double[] buildingColor() {
        double k = rng.nextDouble();
        if (k < 0.4) { // concrete / stone greys
            return hsv(rng.uniform(20, 60), rng.uniform(0.02, 0.12), rng.uniform(0.45, 0.8));
        } else if (k < 0.7) { // brick
            return hsv(rng.uniform(5, 25), rng.uniform(0.35, 0.6), rng.uniform(0.35, 0.6));
        } else { // painted
            return hsv(rng.uniform(0, 360), rng.uniform(0.15, 0.4), rng.uniform(0.45, 0.85));
        }
    }

    void farSkyline() {
        double[] c = mix(buildingColor(), skyHorizon, rng.uniform(0.45, 0.65));
        int x = 0;
        while (x < w) {
            int bw = (int) Math.max(3, w * rng.uniform(0.04, 0.12));
            int top = horizon - (int) Math.round(h * rng.uniform(0.1, 0.34));
            double k = rng.uniform(0.94, 1.06);
            for (int y = Math.max(0, top); y < horizon; y++) {
                for (int xx = x; xx < Math.min(w, x + bw); xx++) {
                    set(xx, y, scale(c, k));
                }
            }
            x += bw;
        }
    }

    void nearBuildings() {
        double x = -rng.uniform(0, 0.1) * w;
        int ns = rng.nextInt();
        while (x < w) {
            double bw = w * rng.uniform(0.1, 0.28);
            if (!buildings.isEmpty() && rng.chance(0.18)) {
                x += w * rng.uniform(0.03, 0.1);
                continue;
            }
            int x0 = (int) Math.round(x);
            int x1 = (int) Math.round(x + bw);
            int top = Math.max(1, horizon - (int) Math.round(h * rng.uniform(0.09, 0.3)));
            building(x0, x1, top, buildingColor(), ns);
            buildings.add(new int[] {x0, x1, top});
            ns += 77;
            x += bw;
        }
    }

    void building(int x0, int x1, int top, double[] c, int ns) {
        int bw = x1 - x0;
        int side = (int) Math.round(bw * rng.uniform(0.06, 0.14));
        boolean sideLeft = lightX > 0; // the face turned away from the light is in shade
        double[] glass = mix(scale(c, 0.35), new double[] {40, 55, 75}, 0.6);
        double[] lit = hsv(rng.uniform(35, 50), rng.uniform(0.3, 0.55), rng.uniform(0.8, 0.95));
        boolean strips = rng.chance(0.3);
        double cellW = Math.max(4, Math.round(rng.uniform(9, 14) * px));
        double cellH = Math.max(5, Math.round(rng.uniform(10, 15) * px));
        double fillW = rng.uniform(0.45, 0.65);
        double fillH = rng.uniform(0.45, 0.65);
        int bh = horizon - top;
        for (int y = top; y < horizon; y++) {
            double ao = 0.85 + 0.15 * Math.min(1, (horizon - y) / (0.25 * bh + 1));
            for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
                double tex = 0.94
                        + 0.12 * Noise.fbm(x * 0.3 / px, y * 0.3 / px, ns, 3)
                        + 0.05 * (Noise.hash01(x, y, ns + 1) - 0.5);
                boolean isSide = sideLeft ? x < x0 + side : x >= x1 - side;
                double k = tex * ao * (isSide ? 0.68 : 1.0);
                if (y < top + Math.max(1, Math.round(2 * px))) {
                    k *= 1.18; // cornice catches the light
                }
                double[] col = scale(c, k);
                if (!isSide && y > top + cellH * 0.6 && y < horizon - cellH * 0.9) {
                    double fx = ((x - x0) % cellW) / cellW;
                    double fy = ((y - top) % cellH) / cellH;
                    boolean win = strips
                            ? fy > 0.5 - fillH / 2 && fy < 0.5 + fillH / 2
                            : Math.abs(fx - 0.5) < fillW / 2 && Math.abs(fy - 0.5) < fillH / 2;
                    if (win) {
                        int cx = (int) ((x - x0) / cellW);
                        int cy = (int) ((y - top) / cellH);
                        boolean on = Noise.hash01(cx, cy, ns + 2) < 0.12;
                        double refl = 0.8 + 0.5 * fy + 0.2 * Noise.hash01(cx, cy, ns + 3);
                        col = on ? lit : scale(glass, refl);
                    }
                }
                set(x, y, col);
            }
        }
    }

    void wall() {
        double[] c = buildingColor();
        int wh = (int) Math.max(2, Math.round(h * rng.uniform(0.025, 0.05)));
        int brickW = (int) Math.max(3, Math.round(8 * px));
        int brickH = (int) Math.max(2, Math.round(3 * px));
        int ns = rng.nextInt();
        for (int y = horizon - wh; y < horizon; y++) {
            int row = (y - (horizon - wh)) / brickH;
            for (int x = 0; x < w; x++) {
                int off = (row & 1) * brickW / 2;
                boolean mortar = (y - (horizon - wh)) % brickH == 0 || (x + off) % brickW == 0;
                double k = mortar ? 1.2 : 0.9 + 0.15 * Noise.hash01((x + off) / brickW, row, ns);
                set(x, y, scale(c, y == horizon - wh ? 1.25 : k));
            }
        }
    }

    double[] material(int kind) {
        return switch (kind) {
            case GRASS -> hsv(rng.uniform(75, 120), rng.uniform(0.35, 0.6), rng.uniform(0.32, 0.52));
            case ASPHALT -> hsv(rng.uniform(0, 360), rng.uniform(0.0, 0.06), rng.uniform(0.25, 0.42));
            case PAVING -> rng.chance(0.5)
                    ? hsv(rng.uniform(20, 45), rng.uniform(0.08, 0.25), rng.uniform(0.5, 0.72))
                    : hsv(rng.uniform(0, 20), rng.uniform(0.3, 0.5), rng.uniform(0.4, 0.6));
            default -> hsv(rng.uniform(30, 48), rng.uniform(0.2, 0.4), rng.uniform(0.55, 0.75));
        };
    }

    void ground() {
        int groundKind = rng.nextInt(4);
        int roadKind = rng.chance(0.5) ? ASPHALT : PAVING;
        if (roadKind == groundKind) {
            roadKind = groundKind == ASPHALT ? PAVING : ASPHALT;
        }
        int walkKind = rng.chance(0.5) ? PAVING : GRAVEL;
        if (walkKind == groundKind) {
            walkKind = groundKind == PAVING ? GRAVEL : PAVING;
        }
        double[][] colors = new double[4][];
        for (int k = 0; k < 4; k++) {
            colors[k] = material(k);
        }
        double[] curb = hsv(0, 0, rng.uniform(0.6, 0.78));
        double[] paint = rng.chance(0.7) ? hsv(0, 0, 0.88) : hsv(48, 0.75, 0.9);
        boolean road = rng.chance(0.6);
        boolean walk = !road || rng.chance(0.5);
        double vpx = w * rng.uniform(0.3, 0.7);
        double roadX = rng.uniform(-0.35, 0.35);
        double roadHalf = rng.uniform(0.12, 0.28);
        double walkNear = 1 / rng.uniform(0.8, 0.97); // Z = 1/d: depth of the band's near edge
        double walkFar = 1 / rng.uniform(0.45, 0.62);
        double tileX = rng.uniform(0.04, 0.08);
        double tileZ = rng.uniform(0.08, 0.16);
        int ns = rng.nextInt();
        double gh = h - horizon;
        for (int y = horizon; y < h; y++) {
            double d = (y + 0.5 - horizon) / gh;
            double z = 1 / d;
            double fade = Math.min(1, d * 4); // detail fades with distance instead of aliasing
            double far = (1 - d) * (1 - d);
            double haze = 0.5 * far * far;
            for (int x = 0; x < w; x++) {
                double gx = (x + 0.5 - vpx) / (w * d);
                int kind = groundKind;
                double rd = Math.abs(gx - roadX);
                if (road && rd < roadHalf) {
                    kind = roadKind;
                }
                if (walk && z > walkNear && z < walkFar) {
                    kind = walkKind;
                }
                double[] c = colors[kind];
                double k;
                switch (kind) {
                    case GRASS -> {
                        double patch = Noise.fbm(gx * 3, z * 3, ns, 3);
                        double blades = Noise.value(x * 0.8 / px, y * 1.7 / px, ns + 5);
                        k = 0.78 + 0.4 * patch + fade * 0.3 * (blades - 0.5);
                        c = mix(c, hsv(55, 0.5, 0.55), 0.35 * Noise.fbm(gx * 1.5 + 9, z * 1.5, ns + 9, 2));
                    }
                    case ASPHALT -> k = 0.9
                            + 0.16 * Noise.fbm(gx * 2, z * 2, ns + 11, 3)
                            + fade * 0.14 * (Noise.hash01(x, y, ns + 12) - 0.5);
                    case PAVING -> {
                        double tx = gx / tileX;
                        double tz = z / tileZ;
                        double fx = tx - Math.floor(tx);
                        double fz = tz - Math.floor(tz);
                        double dx = Math.min(fx, 1 - fx) * tileX * w * d;
                        double dz = Math.min(fz, 1 - fz) * tileZ * gh * d * d;
                        double line = Math.max(0, 1 - Math.min(dx, dz) / (0.8 * px)) * fade;
                        k = (0.93 + 0.14 * Noise.hash01((int) Math.floor(tx), (int) Math.floor(tz), ns + 13))
                                        * (1 - 0.3 * line)
                                + fade * 0.06 * (Noise.hash01(x, y, ns + 14) - 0.5);
                    }
                    default -> k = 0.92
                            + 0.1 * Noise.fbm(gx * 4, z * 4, ns + 15, 2)
                            + fade * 0.22 * (Noise.hash01(x, y, ns + 16) - 0.5);
                }
                double[] col = scale(c, k);
                if (road) {
                    double edgePx = Math.abs(rd - roadHalf) * w * d;
                    if (edgePx < 1.6 * px * Math.max(0.5, d)) {
                        col = curb;
                    } else if (kind == roadKind
                            && rd * w * d < Math.max(0.5, 1.3 * px * d)
                            && (z * 1.3 - Math.floor(z * 1.3)) < 0.45) {
                        col = mix(col, paint, fade);
                    }
                }
                if (walk) {
                    double nearPx = Math.abs(z - walkNear) * gh * d * d;
                    double farPx = Math.abs(z - walkFar) * gh * d * d;
                    if (Math.min(nearPx, farPx) < 1.2 * px * Math.max(0.5, d)) {
                        col = scale(curb, 0.95);
                    }
                }
                double shadows = 0.9 + 0.2 * Noise.fbm((x + 0.5) / w * 2.5, (y + 0.5) / h * 3, ns + 17, 2);
                set(x, y, mix(scale(col, shadows), skyHorizon, haze));
            }
        }
    }

    void lampPost() {
        double gh = h - horizon;
        double d = rng.uniform(0.08, 0.4);
        int bx = (int) (w * rng.uniform(0.05, 0.95));
        int by = (int) (horizon + d * gh);
        int height = (int) Math.min(by - 2, Math.round(h * 1.1 * (d + 0.12)));
        int pw = (int) Math.max(1, Math.round(2.2 * px * (d + 0.3)));
        double[] c = hsv(rng.uniform(0, 360), rng.uniform(0, 0.3), rng.uniform(0.15, 0.3));
        for (int y = by - height; y <= by; y++) {
            for (int x = bx; x < bx + pw; x++) {
                set(x, y, scale(c, x == bx ? 1.3 : 1.0));
            }
        }
        int dir = rng.sign();
        int arm = (int) Math.max(2, height * 0.12);
        for (int i = 0; i < arm; i++) {
            for (int t = 0; t < pw; t++) {
                set(bx + dir * i, by - height + t, c);
            }
        }
        for (int t = 0; t < pw + 1; t++) {
            set(bx + dir * arm, by - height + pw + t, hsv(50, 0.2, 0.85));
        }
    }

    Canopy tree(int pad, boolean near) {
        double gh = h - horizon;
        double d = near ? rng.uniform(0.3, 0.5) : rng.uniform(0.04, 0.28);
        int radius = (int) Math.max(
                4, Math.round(w * (near ? rng.uniform(0.07, 0.1) : rng.uniform(0.045, 0.075)) * (0.7 + 0.9 * d)));
        int tx = 0;
        for (int attempt = 0; attempt < 12; attempt++) { // keep crowns off the sign so the two distractors stay apart
            tx = (int) (w
                    * (near
                            ? (rng.chance(0.5) ? rng.uniform(0.03, 0.14) : rng.uniform(0.86, 0.97))
                            : rng.uniform(0.06, 0.94)));
            if (sign == null || tx + radius + pad < sign[0] - glowPad || tx - radius - pad > sign[2] + glowPad) {
                break;
            }
        }
        int ty = (int) (horizon + d * gh);
        int trunkH = (int) Math.round(radius * rng.uniform(1.0, 1.5));
        int trunkW = (int) Math.max(2, Math.round(radius * 0.18));
        int cy = ty - trunkH - (int) Math.round(0.6 * radius);
        if (cy - radius < 1) {
            return null;
        }
        double[] bark = hsv(rng.uniform(20, 35), rng.uniform(0.3, 0.5), rng.uniform(0.2, 0.35));
        for (int y = ty - trunkH - radius / 2; y <= ty; y++) {
            for (int x = tx - trunkW / 2; x < tx - trunkW / 2 + trunkW; x++) {
                double k = 0.85 + 0.3 * Noise.hash01(x, y / 2, 991) + (x == tx - trunkW / 2 ? -0.2 : 0);
                set(x, y, scale(bark, k));
            }
        }
        double[] leaf = rng.chance(0.8)
                ? hsv(rng.uniform(80, 135), rng.uniform(0.4, 0.7), rng.uniform(0.3, 0.5))
                : hsv(rng.uniform(25, 45), rng.uniform(0.55, 0.8), rng.uniform(0.45, 0.65));
        int clusters = 4 + rng.nextInt(3);
        double[] ccx = new double[clusters];
        double[] ccy = new double[clusters];
        double[] cr = new double[clusters];
        ccx[0] = 0;
        ccy[0] = 0.1 * radius;
        cr[0] = 0.72 * radius;
        for (int i = 1; i < clusters; i++) {
            double a = rng.uniform(-StrictMath.PI, 0.15 * StrictMath.PI); // mostly the upper half of the crown
            double dist = rng.uniform(0.3, 0.45) * radius;
            cr[i] = rng.uniform(0.4, 0.55) * radius;
            ccx[i] = StrictMath.cos(a) * dist;
            ccy[i] = StrictMath.sin(a) * dist;
        }
        double lx = lightX * 0.7;
        double ly = 0.6;
        double lz = 0.6;
        double ln = Math.sqrt(lx * lx + ly * ly + lz * lz);
        lx /= ln;
        ly /= ln;
        lz /= ln;
        int ns = rng.nextInt();
        int cw = 2 * radius + 1 + 2 * pad;
        int ch = 2 * radius + 1;
        int x0 = tx - radius - pad;
        int y0 = cy - radius;
        boolean[] mask = new boolean[cw * ch];
        byte[] bgr = new byte[cw * ch * 3];
        for (int ly0 = 0; ly0 < ch; ly0++) {
            for (int lx0 = pad; lx0 < cw - pad; lx0++) {
                double dx = lx0 - pad - radius;
                double dy = ly0 - radius;
                double best = -9;
                int bi = 0;
                for (int i = 0; i < clusters; i++) {
                    double q = 1 - StrictMath.hypot(dx - ccx[i], dy - ccy[i]) / cr[i];
                    if (q > best) {
                        best = q;
                        bi = i;
                    }
                }
                double edge = (Noise.value(dx * 0.45 / px, dy * 0.45 / px, ns) - 0.5) * 0.6;
                if (best + edge * (1 - Math.max(0, best)) <= 0) {
                    continue;
                }
                double nx = (dx - ccx[bi]) / cr[bi];
                double ny = -(dy - ccy[bi]) / cr[bi];
                double nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny));
                double lam = 0.4 + 0.75 * Math.max(0, nx * lx + ny * ly + nz * lz);
                double t = Noise.value(dx * 0.6 / px, dy * 0.6 / px, ns + 7);
                double leaves = t < 0.3 ? 0.5 : 0.75 + 0.5 * t; // dark gaps between leaf clumps give sway its contrast
                double[] c = mix(leaf, hsv(60, 0.5, 0.6), 0.3 * Noise.value(dx * 0.2, dy * 0.2, ns + 8));
                int ix = x0 + lx0;
                int iy = y0 + ly0;
                double v = ix >= 0 && ix < w && iy >= 0 && iy < h ? vignette(ix, iy) : 1;
                double k = lam * leaves * v;
                int m = ly0 * cw + lx0;
                mask[m] = true;
                bgr[m * 3] = (byte) clamp8(c[2] * k);
                bgr[m * 3 + 1] = (byte) clamp8(c[1] * k);
                bgr[m * 3 + 2] = (byte) clamp8(c[0] * k);
            }
        }
        return new Canopy(x0, y0, cw, ch, mask, bgr);
    }

    /** Places a lit sign on the biggest building and returns the light it adds, so flicker can scale it. */
    short[] signLight() {
        int[] best = buildings.get(0);
        for (int[] bd : buildings) {
            if ((long) (bd[1] - bd[0]) * (horizon - bd[2]) > (long) (best[1] - best[0]) * (horizon - best[2])) {
                best = bd;
            }
        }
        int bx0 = Math.max(0, best[0]);
        int bx1 = Math.min(w, best[1]);
        int bh = horizon - best[2];
        int sw = (int) Math.max(8, Math.min((bx1 - bx0) * 0.7, w * rng.uniform(0.07, 0.11)));
        int sh = (int) Math.max(6, Math.min(bh * 0.5, h * rng.uniform(0.05, 0.08)));
        int sx = bx0 + (int) (rng.nextDouble() * Math.max(1, bx1 - bx0 - sw));
        int sy = best[2] + (int) Math.max(1, (bh - sh) * rng.uniform(0.15, 0.5));
        sign = new int[] {sx, sy, sx + sw, sy + sh};
        glowPad = (int) Math.max(2, Math.round(6 * px));
        double[] neon = hsv(rng.uniform(0, 360), rng.uniform(0.5, 0.85), 1.0);
        double[] panel = hsv(0, 0, 0.12);
        int ns = rng.nextInt();
        int gw = sw + 2 * glowPad;
        int gh = sh + 2 * glowPad;
        short[] emit = new short[gw * gh * 3];
        int cell = (int) Math.max(2, Math.round(2 * px));
        for (int ly = 0; ly < gh; ly++) {
            for (int lx = 0; lx < gw; lx++) {
                int x = sign[0] - glowPad + lx;
                int y = sign[1] - glowPad + ly;
                if (x < 0 || y < 0 || x >= w || y >= h) {
                    continue;
                }
                double level;
                if (x >= sign[0] && x < sign[2] && y >= sign[1] && y < sign[3]) {
                    set(x, y, panel);
                    int ix = x - sign[0];
                    int iy = y - sign[1];
                    boolean margin = ix < cell || iy < cell || ix >= sw - cell || iy >= sh - cell;
                    boolean stroke = !margin && Noise.hash01(ix / cell, iy / cell, ns) < 0.55;
                    level = stroke ? 0.85 : 0.4;
                } else {
                    double dx = Math.max(0, Math.max(sign[0] - x, x - sign[2] + 1));
                    double dy = Math.max(0, Math.max(sign[1] - y, y - sign[3] + 1));
                    double f = Math.max(0, 1 - StrictMath.hypot(dx, dy) / (glowPad + 1));
                    level = 0.45 * f * f;
                }
                double v = vignette(x, y);
                int i = (ly * gw + lx) * 3;
                emit[i] = (short) Math.round(neon[2] * level * v);
                emit[i + 1] = (short) Math.round(neon[1] * level * v);
                emit[i + 2] = (short) Math.round(neon[0] * level * v);
                int p = y * w + x;
                r[p] += (float) (neon[0] * level);
                g[p] += (float) (neon[1] * level);
                b[p] += (float) (neon[2] * level);
            }
        }
        return emit;
    }
}
