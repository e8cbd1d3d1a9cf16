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
        FrameEnvelope e =
                deserializer.read("frames", 3, 99, "cam-7".getBytes(StandardCharsets.UTF_8), AvroBytes.encode(f));
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
        byte[] evil = {
            (byte) 0xfe,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x7f,
            1,
            2,
            3
        };
        FrameEnvelope e = deserializer.read("frames", 0, 0, null, evil);
        assertThat(e.rejected).isNotNull();
        assertThat(e.rejected.getErrorClass()).isEqualTo("AVRO_DECODE");
    }

    @Test
    void emptyValueAndMissingStreamIdAreRejected() {
        assertThat(deserializer.read("frames", 0, 0, null, new byte[0]).rejected.getReason())
                .contains("empty");
        VideoFrame noStream = VideoFrame.newBuilder(TestFrames.grayFrame("x", 0, 0, 0))
                .setStreamId(" ")
                .build();
        FrameEnvelope e = deserializer.read("frames", 0, 1, null, AvroBytes.encode(noStream));
        assertThat(e.rejected.getErrorClass()).isEqualTo("INVALID_FRAME");
    }

    /** Bytes of a VideoFrame whose encoding is enum index 9, as a producer with another schema writes them. */
    static byte[] unknownEncoding(VideoFrame good) throws Exception {
        String json = VideoFrame.getClassSchema()
                .toString()
                .replace("\"GRAY8\"]", "\"GRAY8\", \"E4\", \"E5\", \"E6\", \"E7\", \"E8\", \"HEVC\"]");
        org.apache.avro.Schema wider = new org.apache.avro.Schema.Parser().parse(json);
        org.apache.avro.generic.GenericData.Record r = new org.apache.avro.generic.GenericData.Record(wider);
        for (org.apache.avro.Schema.Field f : wider.getFields()) {
            Object v = good.get(f.name());
            if (f.name().equals("encoding")) {
                v = new org.apache.avro.generic.GenericData.EnumSymbol(f.schema(), "HEVC");
            } else if (f.name().equals("captureTime")) {
                v = good.getCaptureTime().toEpochMilli();
            }
            r.put(f.name(), v);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder enc =
                org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<Object>(wider).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void goodFramesRightAfterEachKindOfBadRecordDecodeIntact() throws Exception {
        VideoFrame sample = TestFrames.grayFrame("cam-x", 5, 1_000, 0);
        byte[] whole = AvroBytes.encode(sample);
        java.util.Random random = new java.util.Random(7);
        byte[] noise = new byte[300];
        random.nextBytes(noise);
        byte[] otherSchema = AvroBytes.encode(dev.saccade.schemas.DeadLetter.newBuilder()
                .setTopic("t")
                .setPartition(0)
                .setOffset(1)
                .setKey(null)
                .setValue(java.nio.ByteBuffer.wrap(whole))
                .setReason("r")
                .setErrorClass("E")
                .setTime(java.time.Instant.EPOCH)
                .build());
        byte[][] bad = {
            noise,
            unknownEncoding(sample),
            otherSchema,
            java.util.Arrays.copyOf(whole, whole.length / 2),
            "{\"streamId\":\"cam-1\"}".getBytes(StandardCharsets.UTF_8)
        };
        long offset = 0;
        int seq = 0;
        for (byte[] b : bad) {
            FrameEnvelope rejected = deserializer.read("frames", 0, offset++, null, b);
            assertThat(rejected.rejected).as("bad record %d", offset - 1).isNotNull();
            assertThat(rejected.rejected.getErrorClass()).isEqualTo("AVRO_DECODE");
            for (String stream : new String[] {"cam-a", "cam-b", "cam-c"}) {
                VideoFrame f = TestFrames.grayFrame(stream, seq, 1_000 + seq, seq % 7);
                FrameEnvelope e = deserializer.read("frames", 0, offset++, null, AvroBytes.encode(f));
                assertThat(e.rejected)
                        .as("good frame after bad record %d", offset)
                        .isNull();
                assertThat(e.frame).isEqualTo(f);
            }
            seq++;
        }
    }
}
