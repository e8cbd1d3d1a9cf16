package dev.saccade.cli.view;

import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.LabelScore;
import dev.saccade.schemas.Patch;
import dev.saccade.schemas.VideoFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Frames and events for the view's tests. */
final class ViewFixtures {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private ViewFixtures() {}

    /** A grey frame with a dark square, as JPEG. */
    static VideoFrame frame(String stream, long sequence, long captureMs) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(40, 40, 40));
        g.fillRect(150, 100, 30, 30);
        g.dispose();
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(captureMs))
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(Overlay.jpeg(img)))
                .build();
    }

    /** A clip decided by the focus stage with one patch at (40, 30) 64x64 and one person box. */
    static ClassifiedEvent event(String stream, long first, long lastCaptureMs) {
        return ClassifiedEvent.newBuilder()
                .setStreamId(stream)
                .setClipId(stream + ":" + first)
                .setFirstSequence(first)
                .setLastSequence(first + 7)
                .setFirstCaptureTime(Instant.ofEpochMilli(lastCaptureMs - 700))
                .setLastCaptureTime(Instant.ofEpochMilli(lastCaptureMs))
                .setFrameCount(8)
                .setLabel("walk-left")
                .setLabelIndex(1)
                .setConfidence(0.875f)
                .setTopK(List.of(new LabelScore("walk-left", 0.875f)))
                .setStage("focus-1")
                .setFramesLookedAt(8)
                .setPatches(List.of(new Patch(first + 3, 40, 30, 64, 64, 1)))
                .setDetections(List.of(new DetectedObject(first + 3, "person", "person", 0.9f, 200, 120, 40, 80)))
                .setCounts(Map.of("person", 1))
                .setGmacs(0.1)
                .setDenseGmacs(1.4)
                .setModelVersion("v1")
                .setProcessingLatencyMs(300)
                .build();
    }
}
