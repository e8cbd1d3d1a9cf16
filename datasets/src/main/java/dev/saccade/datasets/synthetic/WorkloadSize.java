package dev.saccade.datasets.synthetic;

import dev.saccade.models.data.Split;

/** How many backgrounds and clips each split uses; quick is for tests and smoke runs. */
public record WorkloadSize(
        int trainBackgrounds,
        int trainClipsPerBackground,
        int valBackgrounds,
        int valClipsPerBackground,
        int testBackgrounds,
        int testClipsPerBackground) {

    public static WorkloadSize full() {
        return new WorkloadSize(60, 40, 12, 40, 12, 50);
    }

    public static WorkloadSize quick() {
        return new WorkloadSize(12, 25, 4, 30, 4, 30);
    }

    int backgrounds(Split s) {
        return switch (s) {
            case TRAIN -> trainBackgrounds;
            case VALIDATION -> valBackgrounds;
            case TEST -> testBackgrounds;
        };
    }

    int clipsPerBackground(Split s) {
        return switch (s) {
            case TRAIN -> trainClipsPerBackground;
            case VALIDATION -> valClipsPerBackground;
            case TEST -> testClipsPerBackground;
        };
    }
}
