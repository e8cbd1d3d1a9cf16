package dev.saccade.models.data;

/** An object's axis-aligned box in full-frame pixels: top-left corner {@code (x, y)}, size {@code width x height}. */
public record ObjectBox(int x, int y, int width, int height) {
    public ObjectBox {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
        }
    }

    public int area() {
        return width * height;
    }

    public double centerX() {
        return x + width / 2.0;
    }

    public double centerY() {
        return y + height / 2.0;
    }

    /** Intersection over union with {@code other}, 0 where they do not touch. */
    public double iou(ObjectBox other) {
        int w = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        int h = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = (double) w * h;
        return inter / (area() + other.area() - inter);
    }

    /** This box scaled by {@code sx, sy} and mirrored horizontally in a frame {@code frameWidth} wide if asked. */
    public ObjectBox scaled(double sx, double sy, boolean mirror, int frameWidth) {
        int nx = (int) Math.round(x * sx);
        int nw = (int) Math.round(width * sx);
        if (mirror) {
            nx = frameWidth - nx - nw;
        }
        return new ObjectBox(nx, (int) Math.round(y * sy), nw, (int) Math.round(height * sy));
    }
}
