package dev.saccade.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Avro binary written field by field, as a producer in another language writes it (no Java Avro classes). */
final class RawAvro {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A whole VideoFrame without metadata; {@code encoding} is the enum index, which may be one the schema lacks. */
    static byte[] frame(
            String streamId, long sequence, long captureMs, int width, int height, int encoding, byte[] payload) {
        return new RawAvro()
                .string(streamId)
                .varLong(sequence)
                .varLong(captureMs)
                .varLong(width)
                .varLong(height)
                .varLong(encoding)
                .bytes(payload)
                .varLong(0)
                .toBytes();
    }

    RawAvro string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    RawAvro bytes(byte[] b) {
        varLong(b.length);
        out.writeBytes(b);
        return this;
    }

    /** Zig-zag variable-length long; Avro writes ints, enum indexes, union branches and lengths the same way. */
    RawAvro varLong(long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return this;
    }

    /** An Avro boolean: one byte, 0 or 1. */
    RawAvro bool(boolean b) {
        out.write(b ? 1 : 0);
        return this;
    }

    RawAvro float32(float f) {
        int bits = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    RawAvro float64(double d) {
        long bits = Double.doubleToLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) ((bits >>> (8 * i)) & 0xFF));
        }
        return this;
    }

    /** An array of floats: one block with its count, then the end marker. */
    RawAvro floats(float[] values) {
        if (values.length > 0) {
            varLong(values.length);
            for (float v : values) {
                float32(v);
            }
        }
        return varLong(0);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
