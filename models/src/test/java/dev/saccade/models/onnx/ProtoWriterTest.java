package dev.saccade.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wire format against the examples of protobuf's encoding guide. */
class ProtoWriterTest {
    @Test
    void varintsAsTheGuideWritesThem() {
        // field 1, value 150: 08 96 01
        assertThat(new ProtoWriter().varint(1, 150).toByteArray()).containsExactly(0x08, 0x96, 0x01);
        // a negative int64 takes ten bytes
        assertThat(new ProtoWriter().varint(1, -1).toByteArray()).hasSize(11);
    }

    @Test
    void stringsAndPackedFields() {
        // field 2, "testing": 12 07 74 65 73 74 69 6e 67
        assertThat(new ProtoWriter().string(2, "testing").toByteArray())
                .containsExactly(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67);
        // field 4, packed 3, 270, 86942: 22 06 03 8E 02 9E A7 05
        assertThat(new ProtoWriter().packedVarints(4, 3, 270, 86942).toByteArray())
                .containsExactly(0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05);
    }

    @Test
    void floatsLittleEndian() {
        // 1.0f is 0x3F800000; field 2 as fixed32: 15 00 00 80 3F
        assertThat(new ProtoWriter().float32(2, 1f).toByteArray()).containsExactly(0x15, 0x00, 0x00, 0x80, 0x3F);
        assertThat(ProtoWriter.littleEndian(new float[] {1f})).containsExactly(0x00, 0x00, 0x80, 0x3F);
    }
}
