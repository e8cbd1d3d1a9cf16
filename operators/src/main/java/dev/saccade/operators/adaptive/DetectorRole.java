package dev.saccade.operators.adaptive;

import dev.saccade.models.cascade.DetectorFocus;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The focus stage's detector role between focus requests, the detector and events. */
final class DetectorRole {
    private DetectorRole() {}

    /** The detector at {@code model} with coco_classes.txt beside it, answering over the bundle's labels. */
    static DetectorFocus open(String model, List<String> labels) throws IOException {
        Path onnx = Path.of(model);
        Path coco = onnx.resolveSibling("coco_classes.txt");
        if (!Files.isRegularFile(onnx) || !Files.isRegularFile(coco)) {
            throw new IOException("focus role detector: no detector at " + onnx + " (with coco_classes.txt beside it);"
                    + " set saccade.focus.detector or SACCADE_DATA");
        }
        return DetectorFocus.yolox(onnx, coco, labels);
    }

    /** The request's patches in visiting order, framed by their index in the clip. */
    static List<DetectorFocus.Look> looks(FocusRequest r) {
        List<DetectorFocus.Look> out = new ArrayList<>(r.getPatches().size());
        for (FocusPatch p : r.getPatches()) {
            ByteBuffer b = p.getBgr().duplicate();
            byte[] bgr = new byte[b.remaining()];
            b.get(bgr);
            out.add(new DetectorFocus.Look(
                    (int) (p.getFrameSequence() - r.getFirstSequence()), p.getX(), p.getY(), p.getSize(), bgr));
        }
        return out;
    }

    /** What the detector found, as event records with the stream's frame sequence numbers. */
    static List<DetectedObject> detections(FocusRequest r, List<DetectorFocus.Found> found) {
        List<DetectedObject> out = new ArrayList<>(found.size());
        for (DetectorFocus.Found f : found) {
            out.add(new DetectedObject(
                    r.getFirstSequence() + f.frame(),
                    f.group(),
                    f.className(),
                    f.score(),
                    Math.round(f.x()),
                    Math.round(f.y()),
                    Math.round(f.w()),
                    Math.round(f.h())));
        }
        return out;
    }
}
