package dev.saccade.operators;

import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Small deterministic frames for operator tests: a grey gradient with an optional bright square. */
public final class TestFrames {
    public static final int W = 64;
    public static final int H = 48;

    private TestFrames() {}

    /** Grey frame; a 12x12 white square at (squareX, 10) when squareX >= 0. */
    public static byte[] gray(int squareX) {
        byte[] g = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = 40 + x + y;
                if (squareX >= 0 && x >= squareX && x < squareX + 12 && y >= 10 && y < 22) {
                    v = 250;
                }
                g[y * W + x] = (byte) v;
            }
        }
        return g;
    }

    public static VideoFrame grayFrame(String stream, long seq, long captureMs, int squareX) {
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(captureMs))
                .setWidth(W)
                .setHeight(H)
                .setEncoding(FrameEncoding.GRAY8)
                .setPayload(ByteBuffer.wrap(gray(squareX)))
                .build();
    }

    public static FrameEnvelope envelope(VideoFrame f, long offset) {
        return FrameEnvelope.of(f, "frames", 0, offset);
    }

    /** Settings for 64x48 test frames: the working frame is the frame itself, 16 px tiles (4x3 grid). */
    public static OperatorSettings settings(int clipLength) {
        OperatorSettings d = OperatorSettings.defaults();
        return new OperatorSettings(
                W,
                H,
                16,
                d.tileThreshold(),
                d.sceneCutFraction(),
                30_000,
                clipLength,
                3_000,
                d.maxPayloadBytes(),
                d.maxPixels(),
                10_000,
                d.motionMinChangedFraction(),
                d.motionMovingFrameRatio());
    }
}
