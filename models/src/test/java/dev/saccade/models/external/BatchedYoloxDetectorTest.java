package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batched YOLOX (the ONNX graph run through PyTorch with a free batch) against ONNX Runtime's run of the same file,
 * on real frames of two shared videos: the same objects, boxes and scores up to float32 summation order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchedYoloxDetectorTest {
    /** Pixels: float32 results of two engines summing in different orders differ in the fourth digit of a box. */
    private static final float BOX_TOLERANCE = 0.05f;

    private static final float SCORE_TOLERANCE = 1e-3f;

    private YoloxDetector reference;
    private BatchedYoloxDetector batched;
    private List<BgrImage> frames;

    @BeforeAll
    void load() throws Exception {
        SharedData.require("models/yolox/yolox_nano.onnx");
        SharedData.require("models/yolox/coco_classes.txt");
        frames = new ArrayList<>(
                SampleImages.videoFrames(SharedData.require("video/opencv_vtest.avi"), Set.of(0, 100, 200)));
        frames.addAll(SampleImages.videoFrames(SharedData.require("video/bgs_road.avi"), Set.of(10, 60)));
        ExternalModelSpec spec =
                YoloxDetector.standardSpec("models/yolox/yolox_nano.onnx", "models/yolox/coco_classes.txt", 416);
        reference = YoloxDetector.load(spec, SharedData.dir());
        batched = BatchedYoloxDetector.load(
                spec,
                SharedData.dir(),
                YoloxDetector.DEFAULT_SCORE_THRESHOLD,
                YoloxDetector.DEFAULT_IOU_THRESHOLD,
                Device.cpu());
    }

    @AfterAll
    void close() {
        if (reference != null) {
            reference.close();
        }
        if (batched != null) {
            batched.close();
        }
    }

    @Test
    void aBatchOfFramesOfTwoSizesFindsWhatOnnxRuntimeFindsFrameByFrame() {
        assertThat(frames).hasSize(5);
        List<List<Detection>> all = batched.detect(frames);
        assertThat(all).hasSize(frames.size());
        int objects = 0;
        for (int i = 0; i < frames.size(); i++) {
            BgrImage f = frames.get(i);
            List<Detection> expected = sorted(reference.detect(f.bgr(), f.width(), f.height()));
            List<Detection> actual = sorted(all.get(i));
            assertSame(expected, actual, "frame " + i);
            objects += expected.size();
        }
        assertThat(objects).as("detections over the five frames").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aFrameAloneGetsWhatItGetsInABatch() {
        List<List<Detection>> together = batched.detect(frames.subList(0, 3));
        for (int i = 0; i < 3; i++) {
            List<Detection> alone = batched.detect(List.of(frames.get(i))).get(0);
            assertSame(sorted(together.get(i)), sorted(alone), "frame " + i);
        }
    }

    @Test
    void anEmptyBatchIsAnEmptyAnswer() {
        assertThat(batched.detect(List.of())).isEmpty();
    }

    @Test
    void aModelWithoutTheDeclaredInputSizeIsRefusedAtLoad() {
        ExternalModelSpec wrong =
                YoloxDetector.standardSpec("models/yolox/yolox_nano.onnx", "models/yolox/coco_classes.txt", 320);
        assertThatThrownBy(() -> BatchedYoloxDetector.load(wrong, SharedData.dir(), 0.3f, 0.45f, Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x320x320");
    }

    private static void assertSame(List<Detection> expected, List<Detection> actual, String where) {
        assertThat(actual).as(where + " count").hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            Detection e = expected.get(k);
            Detection a = actual.get(k);
            assertThat(a.label()).as(where).isEqualTo(e.label());
            assertThat(Math.abs(a.score() - e.score())).as(where + " score").isLessThanOrEqualTo(SCORE_TOLERANCE);
            assertThat(Math.abs(a.x() - e.x())).as(where + " x").isLessThanOrEqualTo(BOX_TOLERANCE);
            assertThat(Math.abs(a.y() - e.y())).as(where + " y").isLessThanOrEqualTo(BOX_TOLERANCE);
            assertThat(Math.abs(a.width() - e.width())).as(where + " w").isLessThanOrEqualTo(BOX_TOLERANCE);
            assertThat(Math.abs(a.height() - e.height())).as(where + " h").isLessThanOrEqualTo(BOX_TOLERANCE);
        }
    }

    /** Class, then position: both engines' lists in one order even where two scores tie within rounding. */
    private static List<Detection> sorted(List<Detection> detections) {
        List<Detection> copy = new ArrayList<>(detections);
        copy.sort(Comparator.comparingInt(Detection::classIndex)
                .thenComparing(d -> Math.round(d.x()))
                .thenComparing(d -> Math.round(d.y())));
        return copy;
    }
}
