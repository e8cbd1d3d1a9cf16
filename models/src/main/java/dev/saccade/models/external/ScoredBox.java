package dev.saccade.models.external;

/** A candidate box as corners (x1, y1) top-left and (x2, y2) bottom-right, with its class and score. */
public record ScoredBox(int classIndex, float score, float x1, float y1, float x2, float y2) {

    /** Area; zero for degenerate boxes. */
    public float area() {
        return Math.max(0f, x2 - x1) * Math.max(0f, y2 - y1);
    }

    /** Intersection over union; zero when either box is empty. */
    public float iou(ScoredBox other) {
        float w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0f || h <= 0f) {
            return 0f;
        }
        float intersection = w * h;
        return intersection / (area() + other.area() - intersection);
    }
}
