package dev.saccade.operators.motion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.clip.ClipBuilder;
import dev.saccade.operators.diff.TileChange;
import dev.saccade.operators.diff.TileDifferencer;
import dev.saccade.operators.ingest.FrameDecoder;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.types.FrameSummary;
import dev.saccade.scenes.SceneClip;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default thresholds, on JPEG frames of the synthetic generator, separate quiet clips from moving ones. */
class MotionOnSyntheticScenesTest {

    @Test
    void defaultThresholdsAgreeWithGroundTruthOnClipsWithoutDistractors() throws Exception {
        OperatorSettings s = OperatorSettings.defaults();
        FrameDecoder decoder = new FrameDecoder(s);
        TileDifferencer differencer = new TileDifferencer(
                s.diffWidth(), s.diffHeight(), s.tileSize(), s.tileThreshold(), s.sceneCutFraction());
        MotionClassifier classifier = new MotionClassifier(s.motionMinChangedFraction(), s.motionMovingFrameRatio());
        SceneGenerator generator = new SceneGenerator(SceneConfig.defaults(), 2024);

        int judged = 0;
        int right = 0;
        int quietRight = 0;
        int quiet = 0;
        byte[] previous = null;
        for (int c = 0; c < 40; c++) {
            SceneClip clip = generator.nextClip();
            List<FrameSummary> frames = new ArrayList<>();
            for (SceneFrame f : clip.frames()) {
                byte[] jpeg = ImageCodec.encodeJpeg(f.bgr(), f.width(), f.height(), 85);
                byte[] working = decoder.decodeToWorking(VideoFrame.newBuilder()
                        .setStreamId("cam")
                        .setSequence(f.sequence())
                        .setCaptureTime(Instant.ofEpochMilli(f.sequence() * 100))
                        .setWidth(f.width())
                        .setHeight(f.height())
                        .setEncoding(FrameEncoding.JPEG)
                        .setPayload(ByteBuffer.wrap(jpeg))
                        .build());
                TileChange change = previous == null ? differencer.none() : differencer.compare(previous, working);
                FrameSummary summary = new FrameSummary();
                summary.sequence = f.sequence();
                summary.changedFraction = change.changedFraction();
                summary.firstFrame = previous == null;
                frames.add(summary);
                previous = working;
            }
            if (clip.distractor()) {
                continue; // swaying foliage is real motion to a pixel detector; the learned stages handle it
            }
            boolean predictedMotion =
                    classifier.classify(ClipBuilder.build("cam", frames, false)).labelIndex() == 1;
            boolean actualMotion = !clip.label().isQuiet();
            judged++;
            if (predictedMotion == actualMotion) {
                right++;
            }
            if (!actualMotion) {
                quiet++;
                if (!predictedMotion) {
                    quietRight++;
                }
            }
        }
        assertThat(judged).isGreaterThan(15);
        assertThat(quiet).as("the generator makes mostly quiet clips").isGreaterThan(5);
        assertThat((double) quietRight / quiet)
                .as("quiet clips labelled static")
                .isGreaterThanOrEqualTo(0.95);
        assertThat((double) right / judged).as("clips labelled right").isGreaterThanOrEqualTo(0.9);
    }
}
