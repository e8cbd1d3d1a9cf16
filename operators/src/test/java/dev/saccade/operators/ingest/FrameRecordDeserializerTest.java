package dev.saccade.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.TestFrames;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.VideoFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameRecordDeserializerTest {
  private final FrameRecordDeserializer deserializer = new FrameRecordDeserializer();

  @BeforeEach
  void open() throws Exception {
    deserializer.open(null);
  }

  @Test
  void wellFormedRecordBecomesAFrameWithItsCoordinates() {
    VideoFrame f = TestFrames.grayFrame("cam-7", 42, 1_000, 0);
    FrameEnvelope e = deserializer.read("frames", 3, 99, "cam-7".getBytes(StandardCharsets.UTF_8), AvroBytes.encode(f));
    assertThat(e.rejected).isNull();
    assertThat(e.frame.getStreamId()).isEqualTo("cam-7");
    assertThat(e.frame.getSequence()).isEqualTo(42);
    assertThat(e.frame.getPayload().remaining()).isEqualTo(TestFrames.W * TestFrames.H);
    assertThat(e.partition).isEqualTo(3);
    assertThat(e.offset).isEqualTo(99);
  }

  @Test
  void garbageBecomesADeadLetterKeepingTheRawBytes() {
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    FrameEnvelope e = deserializer.read("frames", 1, 7, null, garbage);
    assertThat(e.frame).isNull();
    assertThat(e.rejected.getErrorClass()).isEqualTo("AVRO_DECODE");
    assertThat(e.rejected.getReason()).startsWith("not a VideoFrame Avro record");
    assertThat(e.rejected.getOffset()).isEqualTo(7);
    assertThat(e.rejected.getValue().array()).isEqualTo(garbage);
  }

  @Test
  void hugeLengthPrefixIsRejectedWithoutAllocatingIt() {
    // a string length of about 2^62 as the first field: must not try to allocate it
    byte[] evil = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x7f, 1, 2, 3};
    FrameEnvelope e = deserializer.read("frames", 0, 0, null, evil);
    assertThat(e.rejected).isNotNull();
    assertThat(e.rejected.getErrorClass()).isEqualTo("AVRO_DECODE");
  }

  @Test
  void emptyValueAndMissingStreamIdAreRejected() {
    assertThat(deserializer.read("frames", 0, 0, null, new byte[0]).rejected.getReason()).contains("empty");
    VideoFrame noStream = VideoFrame.newBuilder(TestFrames.grayFrame("x", 0, 0, 0)).setStreamId(" ").build();
    FrameEnvelope e = deserializer.read("frames", 0, 1, null, AvroBytes.encode(noStream));
    assertThat(e.rejected.getErrorClass()).isEqualTo("INVALID_FRAME");
  }
}
