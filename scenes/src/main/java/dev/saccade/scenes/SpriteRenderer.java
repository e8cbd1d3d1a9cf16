package dev.saccade.scenes;

/**
 * Rasterises a {@link Sprite} in a {@link Pose}: every pixel of the rotated bounding box is mapped back into figure
 * space and tested against a handful of shaded primitives. Mapping back (rather than drawing shapes forwards) is what
 * makes the topple of a fall and a texture that moves with the body come for free. Not thread-safe: it keeps the
 * current frame's primitives in fields to avoid allocating per frame.
 */
final class SpriteRenderer {
    private static final int ELLIPSE = 0;
    private static final int CAPSULE = 1;

    private static final int SKIN = 0;
    private static final int HAIR = 1;
    private static final int SHIRT = 2;
    private static final int PANTS = 3;
    private static final int SHOES = 4;
    private static final int BAG = 5;
    private static final int HEAD = 6;

    private static final int MAX_PRIMS = 24;
    private final int[] type = new int[MAX_PRIMS];
    private final int[] mat = new int[MAX_PRIMS];
    private final double[] pa = new double[MAX_PRIMS];
    private final double[] pb = new double[MAX_PRIMS];
    private final double[] pc = new double[MAX_PRIMS];
    private final double[] pd = new double[MAX_PRIMS];
    private final double[] pe = new double[MAX_PRIMS];
    private final double[] dim = new double[MAX_PRIMS];
    private int count;

    private final double lx;
    private final double ly;
    private final double lz;

    // Result of the last shade call; fields rather than an array return to keep the per-pixel loop allocation-free.
    private double outR;
    private double outG;
    private double outB;

    private Sprite sprite;
    private int facing;
    private boolean front;
    private double wheelCos;
    private double wheelSin;

    SpriteRenderer(double lightX) {
        double x = lightX * 0.8;
        double y = 0.55;
        double z = 0.65;
        double n = Math.sqrt(x * x + y * y + z * z);
        lx = x / n;
        ly = y / n;
        lz = z / n;
    }

    /** Draws the sprite into a BGR buffer and returns the box of the pixels it covered, or null if none is visible. */
    Box draw(byte[] dst, int w, int h, Sprite sp, Pose p) {
        sprite = sp;
        facing = p.front() ? 1 : p.facing();
        front = p.front();
        double uMin;
        double uMax;
        double vMin;
        double vMax;
        if (sp.kind == Sprite.Kind.PERSON) {
            buildPerson(sp, p);
            uMin = -0.5;
            uMax = 0.5;
            vMin = -0.05;
            vMax = 1.05;
        } else {
            wheelCos = StrictMath.cos(p.phase());
            wheelSin = StrictMath.sin(p.phase());
            uMin = -1.0;
            uMax = 1.0;
            vMin = -0.02;
            vMax = 0.95;
        }
        double s = p.s();
        double ct = StrictMath.cos(p.theta());
        double fs = facing * StrictMath.sin(p.theta());
        // Screen extent of the rotated figure-space rectangle.
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = 0; k < 4; k++) {
            double u = (k & 1) == 0 ? uMin : uMax;
            double v = (k & 2) == 0 ? vMin : vMax;
            double ox = u * ct + v * fs;
            double oy = -u * fs + v * ct;
            minX = Math.min(minX, ox);
            maxX = Math.max(maxX, ox);
            minY = Math.min(minY, oy);
            maxY = Math.max(maxY, oy);
        }
        int x0 = Math.max(0, (int) Math.floor(p.ax() + minX * s) - 1);
        int x1 = Math.min(w - 1, (int) Math.ceil(p.ax() + maxX * s) + 1);
        int y0 = Math.max(0, (int) Math.floor(p.ay() - maxY * s) - 1);
        int y1 = Math.min(h - 1, (int) Math.ceil(p.ay() - minY * s) + 1);
        int bx0 = Integer.MAX_VALUE;
        int by0 = Integer.MAX_VALUE;
        int bx1 = -1;
        int by1 = -1;
        double inv = 1.0 / s;
        boolean person = sp.kind == Sprite.Kind.PERSON;
        for (int y = y0; y <= y1; y++) {
            double oy = (p.ay() - (y + 0.5)) * inv;
            for (int x = x0; x <= x1; x++) {
                double ox = (x + 0.5 - p.ax()) * inv;
                double u = ox * ct - oy * fs;
                double v = ox * fs + oy * ct;
                if (!(person ? shadePerson(u, v) : shadeVehicle(u, v))) {
                    continue;
                }
                int i = (y * w + x) * 3;
                dst[i] = clamp8(outB);
                dst[i + 1] = clamp8(outG);
                dst[i + 2] = clamp8(outR);
                if (x < bx0) {
                    bx0 = x;
                }
                if (x > bx1) {
                    bx1 = x;
                }
                if (y < by0) {
                    by0 = y;
                }
                by1 = y;
            }
        }
        return bx1 < 0 ? null : new Box(bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1);
    }

    private static byte clamp8(double v) {
        return (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5));
    }

    private void ellipse(double cx, double cy, double rx, double ry, int m, double d) {
        type[count] = ELLIPSE;
        pa[count] = cx * facing;
        pb[count] = cy;
        pc[count] = rx;
        pd[count] = ry;
        mat[count] = m;
        dim[count] = d;
        count++;
    }

    private void capsule(double x0, double y0, double x1, double y1, double r, int m, double d) {
        type[count] = CAPSULE;
        pa[count] = x0 * facing;
        pb[count] = y0;
        pc[count] = x1 * facing;
        pd[count] = y1;
        pe[count] = r;
        mat[count] = m;
        dim[count] = d;
        count++;
    }

    /** Lays out the body parts for this frame in figure units (feet at v=0, height ~1), front-most first. */
    private void buildPerson(Sprite sp, Pose p) {
        count = 0;
        double sw = p.swing();
        double sinPh = StrictMath.sin(p.phase());
        double cosPh = StrictMath.cos(p.phase());
        double bw = sp.build;
        int sleeve = sp.longSleeves ? SHIRT : SKIN;
        if (!p.front()) {
            // Side view in forward coordinates (+u is the walking direction); facing mirrors them.
            double[] knee = new double[4];
            double[] foot = new double[4];
            for (int k = 0; k < 2; k++) {
                int side = k == 0 ? 1 : -1;
                double a = side * 0.42 * sw * sinPh;
                double flex = sw * 0.6 * Math.max(0, side * cosPh); // the swinging leg bends at the knee
                knee[2 * k] = 0.235 * StrictMath.sin(a);
                knee[2 * k + 1] = 0.47 - 0.235 * StrictMath.cos(a);
                foot[2 * k] = knee[2 * k] + 0.225 * StrictMath.sin(a - flex);
                foot[2 * k + 1] = knee[2 * k + 1] - 0.225 * StrictMath.cos(a - flex);
            }
            // Keep the lowest foot on the ground: this also gives the natural bob of a gait.
            double lift = -(Math.min(foot[1], foot[3]) - 0.026);
            double hipY = 0.47 + lift;
            double[] elbow = new double[4];
            double[] hand = new double[4];
            double shY = 0.775 + lift;
            for (int k = 0; k < 2; k++) {
                int side = k == 0 ? 1 : -1;
                double b = -side * 0.38 * sw * sinPh;
                double bend = 0.2 + 0.3 * sw;
                elbow[2 * k] = 0.15 * StrictMath.sin(b);
                elbow[2 * k + 1] = shY - 0.15 * StrictMath.cos(b);
                hand[2 * k] = elbow[2 * k] + 0.14 * StrictMath.sin(b + bend);
                hand[2 * k + 1] = elbow[2 * k + 1] - 0.14 * StrictMath.cos(b + bend);
            }
            double far = 0.75;
            capsule(0, shY, elbow[0], elbow[1], 0.034, SHIRT, 1);
            capsule(elbow[0], elbow[1], hand[0], hand[1], 0.029, sleeve, 1);
            ellipse(hand[0], hand[1], 0.03, 0.03, SKIN, 1);
            ellipse(0.012, 0.895 + lift, 0.08, 0.08, HEAD, 1);
            capsule(0, 0.78 + lift, 0.008, 0.84 + lift, 0.03, SKIN, 0.9);
            ellipse(0, 0.625 + lift, 0.1 * bw, 0.175, SHIRT, 1);
            if (sp.hasBag) {
                ellipse(-0.125 * bw, 0.66 + lift, 0.06, 0.1, BAG, 1);
            }
            ellipse(0, 0.48 + lift, 0.085 * bw, 0.06, PANTS, 1);
            for (int k = 0; k < 2; k++) {
                double d = k == 0 ? 1 : far;
                double kx = knee[2 * k];
                double ky = knee[2 * k + 1] + lift;
                double fx = foot[2 * k];
                double fy = foot[2 * k + 1] + lift;
                ellipse(fx + 0.035, fy + 0.0, 0.052, 0.026, SHOES, d);
                capsule(0, hipY, kx, ky, 0.047, PANTS, d);
                capsule(kx, ky, fx, fy, 0.04, PANTS, d);
            }
            capsule(0, shY, elbow[2], elbow[3], 0.034, SHIRT, far);
            capsule(elbow[2], elbow[3], hand[2], hand[3], 0.029, sleeve, far);
            ellipse(hand[2], hand[3], 0.03, 0.03, SKIN, far);
        } else {
            // Front view: legs lift alternately, arms swing slightly, everything symmetric about u=0.
            ellipse(0, 0.895, 0.08, 0.08, HEAD, 1);
            for (int k = 0; k < 2; k++) {
                int side = k == 0 ? 1 : -1;
                double sx = side * 0.14 * bw;
                double hx = side * 0.175 * bw;
                double hy = 0.5 + 0.035 * sw * side * sinPh;
                double mx = (sx + hx) / 2;
                double my = (0.765 + hy) / 2;
                capsule(sx, 0.765, mx, my, 0.035, SHIRT, 1);
                capsule(mx, my, hx, hy, 0.03, sleeve, 1);
                ellipse(hx, hy, 0.032, 0.032, SKIN, 1);
            }
            capsule(0, 0.78, 0, 0.84, 0.032, SKIN, 0.9);
            ellipse(0, 0.625, 0.135 * bw, 0.175, SHIRT, 1);
            ellipse(0, 0.48, 0.11 * bw, 0.065, PANTS, 1);
            for (int k = 0; k < 2; k++) {
                int side = k == 0 ? 1 : -1;
                double lift = 0.045 * sw * Math.max(0, side * sinPh);
                ellipse(side * 0.062 * bw, 0.028 + lift, 0.042, 0.028, SHOES, 1);
                capsule(side * 0.055 * bw, 0.47, side * 0.062 * bw, 0.04 + lift, 0.05, PANTS, 1);
            }
        }
    }

    private boolean shadePerson(double u, double v) {
        for (int k = 0; k < count; k++) {
            double nx;
            double ny;
            if (type[k] == ELLIPSE) {
                double ex = (u - pa[k]) / pc[k];
                double ey = (v - pb[k]) / pd[k];
                if (ex * ex + ey * ey > 1) {
                    continue;
                }
                nx = ex;
                ny = ey;
            } else {
                double dx = pc[k] - pa[k];
                double dy = pd[k] - pb[k];
                double len2 = dx * dx + dy * dy;
                double t = len2 == 0 ? 0 : ((u - pa[k]) * dx + (v - pb[k]) * dy) / len2;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double qx = u - (pa[k] + t * dx);
                double qy = v - (pb[k] + t * dy);
                double r = pe[k];
                if (qx * qx + qy * qy > r * r) {
                    continue;
                }
                nx = qx / r;
                ny = qy / r;
            }
            double nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny));
            double lam = (0.5 + 0.6 * Math.max(0, nx * lx + ny * ly + nz * lz)) * dim[k];
            double[] c;
            double texAmp = 0.22;
            Sprite sp = sprite;
            switch (mat[k]) {
                case SKIN -> {
                    c = sp.skin;
                    texAmp = 0.06;
                }
                case HAIR -> c = sp.hair;
                case SHIRT -> {
                    c = sp.shirt;
                    if (sp.pattern == Sprite.STRIPES && (((int) Math.floor(v * 32)) & 1) == 0) {
                        c = sp.shirt2;
                    } else if (sp.pattern == Sprite.CHECK
                            && ((((int) Math.floor(u * 24)) + ((int) Math.floor(v * 24))) & 1) == 0) {
                        c = sp.shirt2;
                    }
                }
                case PANTS -> c = sp.pants;
                case SHOES -> {
                    c = sp.shoes;
                    texAmp = 0.1;
                }
                case BAG -> c = sp.bag;
                default -> { // head: face or hair depending on where on the head
                    boolean hair = front
                            ? ny > 0.35 || (Math.abs(nx) > 0.78 && ny > -0.3)
                            : ny > 0.3 || (nx * facing < -0.3 && ny > -0.55);
                    c = hair ? sp.hair : sp.skin;
                    texAmp = hair ? 0.2 : 0.06;
                }
            }
            double tex = 1
                    + texAmp * (Noise.hash01((int) Math.floor(u * 45), (int) Math.floor(v * 45), sp.texSeed + k) - 0.5)
                    + 0.1 * (Noise.value(u * 9, v * 9, sp.texSeed) - 0.5);
            double kk = lam * tex;
            outR = c[0] * kk;
            outG = c[1] * kk;
            outB = c[2] * kk;
            return true;
        }
        return false;
    }

    /** A small side-view vehicle, 1.9 x 0.9 figure units: body, cabin with windows, wheels whose spokes turn. */
    private boolean shadeVehicle(double u, double v) {
        Sprite sp = sprite;
        double uf = u * facing;
        for (int k = -1; k <= 1; k += 2) {
            double dx = uf - k * 0.58;
            double dy = v - 0.17;
            double d2 = dx * dx + dy * dy;
            if (d2 < 0.17 * 0.17) {
                double dist = Math.sqrt(d2) / 0.17;
                double g;
                if (dist > 0.62) {
                    g = 30 + 14 * (1 - dist);
                } else {
                    double rx = dx * wheelCos + dy * wheelSin * facing;
                    double ry = -dx * wheelSin * facing + dy * wheelCos;
                    boolean spoke = Math.abs(rx) < 0.018 || Math.abs(ry) < 0.018;
                    g = dist < 0.18 ? 70 : spoke ? 95 : 175;
                }
                outR = g;
                outG = g;
                outB = g * 1.03;
                return true;
            }
        }
        double[] body = sp.shirt;
        double tex = 1 + 0.14 * (Noise.hash01((int) Math.floor(u * 40), (int) Math.floor(v * 40), sp.texSeed) - 0.5);
        // Body: a rounded rectangle, lighter towards the top where it faces the sky.
        double qx = Math.max(Math.abs(uf) - 0.83, 0);
        double qy = Math.max(Math.abs(v - 0.35) - 0.08, 0);
        if (qx * qx + qy * qy <= 0.12 * 0.12) {
            double k = (0.7 + 0.5 * (v - 0.15) / 0.4) * tex;
            double hx = (uf - 0.9) / 0.05;
            double hy = (v - 0.44) / 0.045;
            double tx = (uf + 0.92) / 0.04;
            if (hx * hx + hy * hy <= 1) {
                setOut(250, 240, 200, 1);
            } else if (tx * tx + hy * hy <= 1) {
                setOut(210, 35, 30, 1);
            } else if (v < 0.21) {
                setOut(body[0], body[1], body[2], 0.45 * tex);
            } else if (Math.abs(v - 0.36) < 0.012 || (Math.abs(uf + 0.1) < 0.01 && v > 0.21)) {
                setOut(body[0], body[1], body[2], 0.55 * k);
            } else if (Math.abs(v - 0.29) < 0.03 && Math.abs(uf) < 0.8) {
                // Side stripe in the accent colour: detail that makes the body's motion visible, not just its ends.
                double[] a = sp.shirt2;
                setOut(a[0], a[1], a[2], k);
            } else {
                setOut(body[0], body[1], body[2], v < 0.36 ? 0.85 * k : k);
            }
            return true;
        }
        if (v >= 0.55 && v <= 0.9) {
            double t = (v - 0.55) / 0.35;
            double left = -0.62 + 0.14 * t;
            double right = 0.5 - 0.3 * t;
            if (uf >= left && uf <= right) {
                boolean window =
                        v > 0.59 && v < 0.86 && uf > left + 0.05 && uf < right - 0.05 && Math.abs(uf + 0.08) > 0.03;
                if (window) {
                    double band = (uf + v) * 2.2;
                    boolean glint = band - Math.floor(band) < 0.18;
                    double[] g = sp.hair;
                    setOut(g[0], g[1], g[2], glint ? 1.9 : 0.9 + 0.4 * (v - 0.59) / 0.27);
                } else {
                    setOut(body[0], body[1], body[2], 1.08 * tex);
                }
                return true;
            }
        }
        return false;
    }

    private void setOut(double r, double g, double b, double k) {
        outR = r * k;
        outG = g * k;
        outB = b * k;
    }
}
