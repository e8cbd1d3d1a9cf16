package dev.saccade.scenes;

/** An axis-aligned pixel rectangle: top-left corner {@code (x, y)}, size {@code width x height}. */
public record Box(int x, int y, int width, int height) {
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box size must not be negative: " + width + "x" + height);
        }
    }

    public int area() {
        return width * height;
    }

    /** Exclusive right edge. */
    public int right() {
        return x + width;
    }

    /** Exclusive bottom edge. */
    public int bottom() {
        return y + height;
    }

    public double centerX() {
        return x + width / 2.0;
    }

    public double centerY() {
        return y + height / 2.0;
    }

    /** Pixels shared with {@code other}. */
    public int intersectionArea(Box other) {
        int w = Math.min(right(), other.right()) - Math.max(x, other.x);
        int h = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
