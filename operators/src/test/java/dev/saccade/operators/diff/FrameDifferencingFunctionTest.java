package dev.saccade.operators.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.DeadLetterOutput;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.TestFrames;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameDifferencingFunctionTest {
    private final OperatorSettings settings = TestFrames.settings(4);
    private KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, FrameChange> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FrameDifferencingFunction(settings), e -> e.frame.getStreamId(), Types.STRING);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void feed(VideoFrame f) throws Exception {
        harness.processElement(new StreamRecord<>(TestFrames.envelope(f, f.getSequence())));
    }

    @Test
    void firstFrameHasNothingToCompareThenChangeIsMeasured() throws Exception {
        feed(TestFrames.grayFrame("cam", 0, 10_000, 0));
        feed(TestFrames.grayFrame("cam", 1, 10_100, 0));
        feed(TestFrames.grayFrame("cam", 2, 10_200, 32));

        List<FrameChange> out = harness.extractOutputValues();
        assertThat(out).extracting(c -> c.sequence).containsExactly(0L, 1L, 2L);
        assertThat(out.get(0).firstFrame).isTrue();
        assertThat(out.get(1).firstFrame).isFalse();
        assertThat(out.get(1).changedFraction).isZero();
        assertThat(out.get(2).changedFraction).isEqualTo(4.0 / 12);
        assertThat(out.get(2).changedTiles).containsExactly(1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0);
        assertThat(out.get(2).captureTimeMs).isEqualTo(10_200);
        assertThat(out.get(2).arrivalMs).isEqualTo(1_000);
    }

    @Test
    void theSourceFrameIndexComesFromTheProducersMetadata() throws Exception {
        feed(VideoFrame.newBuilder(TestFrames.grayFrame("cam", 0, 10_000, 0))
                .setMetadata(java.util.Map.of("source.frame", "417", "source.time", "41.700"))
                .build());
        feed(VideoFrame.newBuilder(TestFrames.grayFrame("cam", 1, 10_100, 0))
                .setMetadata(java.util.Map.of("source.frame", "not a number"))
                .build());
        feed(TestFrames.grayFrame("cam", 2, 10_200, 0));
        assertThat(harness.extractOutputValues()).extracting(c -> c.sourceFrame).containsExactly(417L, -1L, -1L);
    }

    @Test
    void streamsAreComparedOnlyWithThemselves() throws Exception {
        feed(TestFrames.grayFrame("a", 0, 10_000, 0));
        feed(TestFrames.grayFrame("b", 0, 10_000, 32));
        feed(TestFrames.grayFrame("a", 1, 10_100, 0));
        List<FrameChange> out = harness.extractOutputValues();
        assertThat(out).extracting(c -> c.streamId + ":" + c.firstFrame).containsExactly("a:true", "b:true", "a:false");
        assertThat(out.get(2).changedFraction).isZero();
    }

    @Test
    void badFramesGoToDeadLettersWithTheirReasonAndDoNotDisturbTheStream() throws Exception {
        feed(TestFrames.grayFrame("cam", 0, 10_000, 0));
        VideoFrame wrongSize = VideoFrame.newBuilder(TestFrames.grayFrame("cam", 1, 10_100, 0))
                .setPayload(ByteBuffer.wrap(new byte[100]))
                .build();
        VideoFrame garbageJpeg = VideoFrame.newBuilder(TestFrames.grayFrame("cam", 2, 10_200, 0))
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}))
                .build();
        VideoFrame tooLate = TestFrames.grayFrame("cam", 3, 10_000 - settings.maxOutOfOrderMs() - 1, 0);
        VideoFrame tooBig = VideoFrame.newBuilder(TestFrames.grayFrame("cam", 4, 10_300, 0))
                .setWidth(100_000)
                .setHeight(100_000)
                .build();
        feed(wrongSize);
        feed(garbageJpeg);
        feed(tooLate);
        feed(tooBig);
        feed(TestFrames.grayFrame("cam", 5, 10_400, 32));

        List<FrameChange> out = harness.extractOutputValues();
        assertThat(out).extracting(c -> c.sequence).containsExactly(0L, 5L);
        // the good frame after the rejects is compared with the last good frame, not a rejected one
        assertThat(out.get(1).changedFraction).isEqualTo(4.0 / 12);

        List<DeadLetter> dead = harness.getSideOutput(DeadLetterOutput.TAG).stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
        assertThat(dead)
                .extracting(DeadLetter::getErrorClass)
                .containsExactly("SIZE_MISMATCH", "UNDECODABLE_PAYLOAD", "OUT_OF_ORDER", "OVER_LIMIT");
        assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(dead.get(0).getReason()).contains("needs 3072 bytes").contains("100");
        assertThat(dead.get(2).getReason()).contains("before the newest frame");
        // the dead letter holds the original record, so it can be replayed once fixed
        VideoFrame replay =
                dev.saccade.schemas.AvroBytes.decode(dead.get(0).getValue().array(), VideoFrame.class);
        assertThat(replay.getSequence()).isEqualTo(1L);
        assertThat(replay.getPayload().remaining()).isEqualTo(100);
    }

    @Test
    void quietStreamLeavesNoStateOrTimerBehind() throws Exception {
        feed(TestFrames.grayFrame("cam", 0, 10_000, 0));
        feed(TestFrames.grayFrame("cam", 1, 10_100, 0));
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(1_000 + settings.streamIdleTimeoutMs() - 1);
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);

        harness.setProcessingTime(1_000 + settings.streamIdleTimeoutMs());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // after expiry the stream starts afresh
        feed(TestFrames.grayFrame("cam", 2, 40_000, 0));
        assertThat(harness.extractOutputValues().get(2).firstFrame).isTrue();
    }

    @Test
    void aRestoreLongAfterTheCheckpointKeepsTheStreamsStateUntilItIsReallyIdle() throws Exception {
        feed(TestFrames.grayFrame("cam", 0, 10_000, 0));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1_000);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FrameDifferencingFunction(settings)),
                e -> e.frame.getStreamId(),
                Types.STRING);
        long restoredAt = 1_000 + 5 * settings.streamIdleTimeoutMs();
        harness.setProcessingTime(restoredAt);
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(restoredAt + 1);
        assertThat(harness.numKeyedStateEntries())
                .as("state after the overdue timer fired")
                .isGreaterThan(0);

        // the frame that waited in Kafka through the outage is compared with the one before it
        feed(TestFrames.grayFrame("cam", 1, 10_100, 32));
        assertThat(harness.extractOutputValues().get(0).firstFrame).isFalse();
        assertThat(harness.extractOutputValues().get(0).changedFraction).isEqualTo(4.0 / 12);

        // and a stream that then stays quiet still expires, one idle timeout after its last frame
        harness.setProcessingTime(restoredAt + 1 + settings.streamIdleTimeoutMs());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    /** Through the record deserializer, as bytes a non-Java producer wrote: GRAY8 (enum index 3). */
    private void feedBytes(long offset, long seq, long captureMs, int squareX) throws Exception {
        byte[] value = dev.saccade.operators.ingest.HandEncodedFrames.frame(
                "cam", seq, captureMs, TestFrames.W, TestFrames.H, 3, TestFrames.gray(squareX));
        FrameEnvelope e = new dev.saccade.operators.ingest.FrameRecordDeserializer()
                .read("frames", 0, offset, "cam".getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
        assertThat(e.rejected).isNull();
        harness.processElement(new StreamRecord<>(e));
    }

    @Test
    void aSequenceThatGoesBackwardsIsDeadLetteredAndLeavesTheStreamAsItWas() throws Exception {
        feedBytes(0, 10, 10_000, 0);
        feedBytes(1, 11, 10_100, 0);
        feedBytes(2, 12, 10_200, 0);
        // a replay of frame 11 (its own capture time), a duplicate of 12, and a frame "captured now" numbered 5
        feedBytes(3, 11, 10_100, 32);
        feedBytes(4, 12, 10_200, 32);
        feedBytes(5, 5, 10_250, 32);
        feedBytes(6, 13, 10_300, 0);

        List<FrameChange> out = harness.extractOutputValues();
        assertThat(out).extracting(c -> c.sequence).containsExactly(10L, 11L, 12L, 13L);
        // frame 13 is compared with 12, not with a rejected frame that showed the square
        assertThat(out.get(3).changedFraction).isZero();
        List<DeadLetter> dead = harness.getSideOutput(DeadLetterOutput.TAG).stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
        assertThat(dead).extracting(DeadLetter::getErrorClass).containsOnly("OUT_OF_ORDER");
        assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(3L, 4L, 5L);
        assertThat(dead.get(0).getReason()).contains("sequence 11 is not after the newest sequence 12 of stream cam");
        assertThat(dead.get(2).getReason()).contains("sequence 5");
    }

    @Test
    void aStreamWhoseStateExpiredMayStartItsSequenceAgain() throws Exception {
        feed(TestFrames.grayFrame("cam", 40, 10_000, 0));
        harness.setProcessingTime(1_000 + settings.streamIdleTimeoutMs());
        feed(TestFrames.grayFrame("cam", 0, 50_000, 0));
        assertThat(harness.extractOutputValues()).extracting(c -> c.sequence).containsExactly(40L, 0L);
        assertThat(harness.getSideOutput(DeadLetterOutput.TAG)).isNullOrEmpty();
    }
}
