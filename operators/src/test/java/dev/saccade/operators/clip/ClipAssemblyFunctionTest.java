package dev.saccade.operators.clip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.TestFrames;
import dev.saccade.operators.motion.ClassifyMotionFunction;
import dev.saccade.operators.motion.MotionClassifier;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameChange;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClipAssemblyFunctionTest {
    private final OperatorSettings settings = TestFrames.settings(4);
    private KeyedOneInputStreamOperatorTestHarness<String, FrameChange, Clip> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ClipAssemblyFunction(settings), c -> c.streamId, Types.STRING);
        harness.setProcessingTime(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void feed(String stream, long seq, double fraction) throws Exception {
        FrameChange c = new FrameChange();
        c.streamId = stream;
        c.sequence = seq;
        c.captureTimeMs = 1_000 + seq * 100;
        c.arrivalMs = harness.getProcessingTime();
        c.changedFraction = fraction;
        c.firstFrame = seq == 0;
        harness.processElement(new StreamRecord<>(c));
    }

    /** The harness's state in a new harness, as a restart from a checkpoint gives it, at processing time {@code at}. */
    private void restoreAt(long at) throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1, harness.getProcessingTime());
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ClipAssemblyFunction(settings)), c -> c.streamId, Types.STRING);
        harness.setProcessingTime(at);
        harness.initializeState(snapshot);
        harness.open();
    }

    @Test
    void aRestoreLongAfterTheCheckpointDoesNotFlushTheClipBeingFilled() throws Exception {
        feed("cam", 0, 0.0);
        feed("cam", 1, 0.2);
        feed("cam", 2, 0.2);
        long quiet = settings.clipQuietTimeoutMs();
        // the job was down for five quiet timeouts; the stream's last frame waits in Kafka
        restoreAt(5 * quiet);
        harness.setProcessingTime(5 * quiet + 1);
        assertThat(harness.extractOutputValues()).as("flushed on restore").isEmpty();
        feed("cam", 3, 0.2);
        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).partial).isFalse();
        assertThat(out.get(0).sequences).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aRestoredStreamThatStaysQuietIsFlushedOneTimeoutAfterTheRestore() throws Exception {
        feed("cam", 0, 0.0);
        feed("cam", 1, 0.2);
        long quiet = settings.clipQuietTimeoutMs();
        restoreAt(5 * quiet);
        // the overdue timer fires as the restored subtask starts
        harness.setProcessingTime(5 * quiet);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(6 * quiet - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(6 * quiet);
        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).partial).isTrue();
        assertThat(out.get(0).sequences).containsExactly(0, 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void fullClipIsEmittedAtTheConfiguredLengthAndLeavesNoState() throws Exception {
        for (long s = 0; s < 4; s++) {
            feed("cam", s, s * 0.1);
        }
        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        Clip clip = out.get(0);
        assertThat(clip.clipId).isEqualTo("cam:0");
        assertThat(clip.sequences).containsExactly(0, 1, 2, 3);
        assertThat(clip.changedFractions).containsExactly(0.0, 0.1, 0.2, 0.30000000000000004);
        assertThat(clip.firstFrames).containsExactly(true, false, false, false);
        assertThat(clip.firstCaptureTimeMs).isEqualTo(1_000);
        assertThat(clip.lastCaptureTimeMs).isEqualTo(1_300);
        assertThat(clip.partial).isFalse();
        assertThat(clip.sourceFirstFrame).as("frames without source metadata").isEqualTo(-1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theDifferencingsChangedTilesReachTheEvent() throws Exception {
        int tiles = (TestFrames.W + 15) / 16 * ((TestFrames.H + 15) / 16);
        for (long s = 0; s < 4; s++) {
            FrameChange c = new FrameChange();
            c.streamId = "cam";
            c.sequence = s;
            c.captureTimeMs = 1_000 + s * 100;
            c.changedTiles = new byte[tiles];
            if (s == 2) {
                c.changedTiles[1] = 1;
                c.changedTiles[tiles - 1] = 1;
            }
            harness.processElement(new StreamRecord<>(c));
        }
        Clip clip = harness.extractOutputValues().get(0);
        assertThat(clip.changedTiles).hasNumberOfRows(4);
        assertThat(clip.tileColumns * clip.tileRows).isEqualTo(tiles);
        var event = ClassifyMotionFunction.toEvent(clip, new MotionClassifier(0.02, 0.5).classify(clip), 2_000);
        var changed = event.getChangedTiles();
        assertThat(changed.getWidth()).isEqualTo(TestFrames.W);
        assertThat(changed.getTileSize()).isEqualTo(16);
        assertThat(changed.getFrames()).hasSize(1);
        var mask = changed.getFrames().get(0);
        assertThat(mask.getFrameSequence()).isEqualTo(2);
        assertThat(dev.saccade.operators.diff.TileMasks.isChanged(mask, 1)).isTrue();
        assertThat(dev.saccade.operators.diff.TileMasks.isChanged(mask, tiles - 1))
                .isTrue();
        assertThat(dev.saccade.operators.diff.TileMasks.isChanged(mask, 0)).isFalse();
    }

    @Test
    void aClipKnowsWhereItsFramesAreInTheSourceVideo() throws Exception {
        for (long s = 0; s < 4; s++) {
            FrameChange c = new FrameChange();
            c.streamId = "cam";
            c.sequence = s;
            c.captureTimeMs = 1_000 + s * 100;
            c.sourceFrame = 120 + s;
            harness.processElement(new StreamRecord<>(c));
        }
        Clip clip = harness.extractOutputValues().get(0);
        assertThat(clip.sourceFirstFrame).isEqualTo(120);
        assertThat(clip.sourceLastFrame).isEqualTo(123);
    }

    @Test
    void aBackloggedSubtaskDoesNotSplitTheClipOfAStreamWhoseNextFrameIsQueued() throws Exception {
        long quiet = settings.clipQuietTimeoutMs();
        feed("a", 0, 0.0);
        feed("a", 1, 0.2);
        // the subtask keeps working (other streams' frames no newer than a's) past a's quiet timeout
        harness.setProcessingTime(quiet - 1);
        feed("b", 1, 0.0);
        harness.setProcessingTime(quiet + quiet / 2);
        feed("b", 2, 0.0);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(quiet * 2 - 1);
        feed("a", 2, 0.1);
        feed("a", 3, 0.1);

        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).partial).isFalse();
        assertThat(out.get(0).sequences).containsExactly(0, 1, 2, 3);
    }

    @Test
    void clipsStayOnTheStreamsSequenceGridWhenAFrameIsMissing() throws Exception {
        feed("cam", 0, 0.0);
        feed("cam", 1, 0.1);
        feed("cam", 3, 0.1); // frame 2 was rejected upstream
        for (long s = 4; s < 8; s++) {
            feed("cam", s, 0.1);
        }

        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).sequences).containsExactly(0, 1, 3);
        assertThat(out.get(0).partial).isTrue();
        assertThat(out.get(1).clipId).isEqualTo("cam:4");
        assertThat(out.get(1).sequences).containsExactly(4, 5, 6, 7);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aStreamIsQuietOnceOtherStreamsMovedOnByTheTimeout() throws Exception {
        long quiet = settings.clipQuietTimeoutMs();
        feed("a", 0, 0.0);
        feed("a", 1, 0.2);
        harness.setProcessingTime(quiet - 1);
        // b's frames are captured well after a's last one: a really went quiet
        feed("b", 1 + quiet / 100, 0.0);
        harness.setProcessingTime(quiet);

        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).streamId).isEqualTo("a");
        assertThat(out.get(0).partial).isTrue();
    }

    @Test
    void quietStreamFlushesItsPartialClipAfterTheTimeoutAndKeepsNothing() throws Exception {
        feed("cam", 0, 0.0);
        feed("cam", 1, 0.2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(settings.clipQuietTimeoutMs() - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(settings.clipQuietTimeoutMs());
        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).partial).isTrue();
        assertThat(out.get(0).sequences).containsExactly(0, 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        // the event says so: a two-frame clip's label is read with care
        MotionClassifier motion =
                new MotionClassifier(settings.motionMinChangedFraction(), settings.motionMovingFrameRatio());
        assertThat(ClassifyMotionFunction.toEvent(out.get(0), motion.classify(out.get(0)), 0L)
                        .getPartial())
                .isTrue();
    }

    @Test
    void aFullClipsEventIsNotPartial() throws Exception {
        for (long s = 0; s < 4; s++) {
            feed("cam", s, 0.2);
        }
        Clip clip = harness.extractOutputValues().get(0);
        MotionClassifier motion =
                new MotionClassifier(settings.motionMinChangedFraction(), settings.motionMovingFrameRatio());
        assertThat(ClassifyMotionFunction.toEvent(clip, motion.classify(clip), 0L)
                        .getPartial())
                .isFalse();
    }

    @Test
    void eachFrameRestartsTheQuietTimer() throws Exception {
        feed("cam", 0, 0.0);
        harness.setProcessingTime(2_000);
        feed("cam", 1, 0.0);
        harness.setProcessingTime(settings.clipQuietTimeoutMs() + 1);
        assertThat(harness.extractOutputValues())
                .as("second frame pushed the deadline back")
                .isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(2_000 + settings.clipQuietTimeoutMs());
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void streamsFillTheirOwnClipsAndReorderedFramesAreSorted() throws Exception {
        feed("a", 1, 0.0);
        feed("b", 0, 0.0);
        feed("a", 0, 0.0);
        feed("a", 3, 0.0);
        feed("a", 2, 0.0);
        List<Clip> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).streamId).isEqualTo("a");
        assertThat(out.get(0).sequences).containsExactly(0, 1, 2, 3);
        assertThat(out.get(0).clipId).isEqualTo("a:0");
        assertThat(harness.numProcessingTimeTimers())
                .as("b's clip is still open")
                .isEqualTo(1);
    }
}
