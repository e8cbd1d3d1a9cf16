package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.saccade.models.external.Detection;
import dev.saccade.models.external.YoloxDetector;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.VideoFileReader;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The focus stage's detector role with the real YOLOX-nano on a patch of a real frame (a pedestrian of
 * opencv_vtest.avi): the event names the person it found, where it is in the frame, and what it cost.
 */
class DetectorRoleTest {
    private static final Path FOOTAGE_BUNDLE = Path.of("../models/footage-bundle");
    private static final int W = 384;
    private static final int H = 288;
    private static final int PATCH = 128;

    private static Path data() {
        String env = System.getenv("SACCADE_DATA");
        return (env != null && !env.isBlank() ? Path.of(env) : Path.of("../../shared/data"))
                .toAbsolutePath()
                .normalize();
    }

    @Test
    void aPedestrianInThePatchBecomesADetectionInFrameCoordinates() throws Exception {
        Path video = data().resolve("video/opencv_vtest.avi");
        Path yolox = data().resolve("models/yolox/yolox_nano.onnx");
        assumeThat(Files.isRegularFile(video) && Files.isRegularFile(yolox))
                .as("needs ../shared/data (or SACCADE_DATA) with video/opencv_vtest.avi and models/yolox; absent here")
                .isTrue();
        byte[] frame = frame(video, 60);
        Detection person;
        try (YoloxDetector whole = YoloxDetector.load(
                YoloxDetector.standardSpec(
                        yolox.toString(),
                        yolox.resolveSibling("coco_classes.txt").toString(),
                        416),
                yolox.getParent())) {
            person = whole.detect(frame, W, H).stream()
                    .filter(d -> d.label().equals("person"))
                    .max(Comparator.comparingDouble(Detection::score))
                    .orElseThrow();
        }
        int x = clamp(Math.round(person.x() + person.width() / 2 - PATCH / 2f), W - PATCH);
        int y = clamp(Math.round(person.y() + person.height() / 2 - PATCH / 2f), H - PATCH);

        ModelSettings settings = ModelSettings.from(new Configuration()
                .set(OperatorOptions.MODE, OperatorOptions.Mode.ADAPTIVE)
                .set(OperatorOptions.MODEL_BUNDLE, FOOTAGE_BUNDLE.toString())
                .set(OperatorOptions.FOCUS_DEVICE, OperatorOptions.Device.CPU)
                .set(OperatorOptions.FOCUS_ROLE, OperatorOptions.FocusRole.DETECTOR)
                .set(OperatorOptions.FOCUS_DETECTOR, yolox.toString()));
        List<ClassifiedEvent> events;
        try (var h = new OneInputStreamOperatorTestHarness<>(new FocusOperator(settings))) {
            h.open();
            h.processElement(new StreamRecord<>(request(crop(frame, x, y), x, y), 0));
            events = h.extractOutputValues();
        }

        assertThat(events).hasSize(1);
        ClassifiedEvent e = events.get(0);
        assertThat(e.getStage().toString()).isEqualTo("focus-1");
        assertThat(e.getLabel().toString()).startsWith("person"); // person certain, vehicle the glance's coin toss
        assertThat(e.getGmacs()).isBetween(0.01 + 0.50, 0.01 + 0.55); // the glance's 0.01 and one YOLOX-nano pass
        DetectedObject found = e.getDetections().stream()
                .filter(d -> d.getGroup().toString().equals("person"))
                .max(Comparator.comparingDouble(DetectedObject::getScore))
                .orElseThrow();
        assertThat(found.getFrameSequence()).isEqualTo(103L);
        assertThat(found.getClassName().toString()).isEqualTo("person");
        assertThat(iou(found, person))
                .as("the patch's person where the whole frame's is")
                .isGreaterThan(0.5);
    }

    private static FocusRequest request(byte[] patch, int x, int y) {
        return FocusRequest.newBuilder()
                .setStreamId("cam-1")
                .setClipId("cam-1:100")
                .setFirstSequence(100)
                .setLastSequence(107)
                .setFirstCaptureTime(Instant.ofEpochMilli(1_000))
                .setLastCaptureTime(Instant.ofEpochMilli(1_700))
                .setFrameCount(8)
                .setClipFeatures(Collections.nCopies(64, 0f))
                .setGlanceProbabilities(List.of(0.25f, 0.25f, 0.25f, 0.25f))
                .setGlanceGmacs(0.01)
                .setDenseGmacs(4.18)
                .setModelVersion("test")
                .setPatches(List.of(FocusPatch.newBuilder()
                        .setFrameSequence(103)
                        .setX(x)
                        .setY(y)
                        .setSize(PATCH)
                        .setLevel(2)
                        .setPriority(1f)
                        .setBgr(ByteBuffer.wrap(patch))
                        .build()))
                .build();
    }

    private static byte[] frame(Path video, int index) throws Exception {
        try (VideoFileReader reader = new VideoFileReader(video.toString(), W, H)) {
            BgrFrame f = null;
            for (int i = 0; i <= index; i++) {
                f = reader.next();
            }
            return f.bgr();
        }
    }

    private static byte[] crop(byte[] frame, int x, int y) {
        byte[] out = new byte[PATCH * PATCH * 3];
        for (int r = 0; r < PATCH; r++) {
            System.arraycopy(frame, ((y + r) * W + x) * 3, out, r * PATCH * 3, PATCH * 3);
        }
        return out;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static double iou(DetectedObject a, Detection b) {
        double ix = Math.max(0, Math.min(a.getX() + a.getWidth(), b.x() + b.width()) - Math.max(a.getX(), b.x()));
        double iy = Math.max(0, Math.min(a.getY() + a.getHeight(), b.y() + b.height()) - Math.max(a.getY(), b.y()));
        double inter = ix * iy;
        return inter / (a.getWidth() * a.getHeight() + b.width() * b.height() - inter);
    }
}
