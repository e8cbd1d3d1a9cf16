package dev.saccade.operators.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** VideoFrame and FocusRequest bytes written field by field, as a producer in another language writes them. */
public final class HandEncodedFrames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A whole VideoFrame (no metadata); encoding is the enum index, which may be one the schema lacks. */
    public static byte[] frame(
            String streamId, long sequence, long captureMs, int width, int height, int encoding, byte[] payload) {
        return new HandEncodedFrames()
                .string(streamId)
                .varLong(sequence)
                .varLong(captureMs)
                .varLong(width)
                .varLong(height)
                .varLong(encoding)
                .bytes(payload)
                .varLong(0) // metadata: union branch 0, null
                .toBytes();
    }

    public HandEncodedFrames string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public HandEncodedFrames bytes(byte[] b) {
        varLong(b.length);
        out.writeBytes(b);
        return this;
    }

    /** Avro's zig-zag variable-length long (ints are written the same way). */
    public HandEncodedFrames varLong(long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return this;
    }

    /** A little-endian IEEE float, as Avro writes one. */
    /** An Avro boolean: one byte, 0 or 1. */
    public HandEncodedFrames bool(boolean b) {
        out.write(b ? 1 : 0);
        return this;
    }

    public HandEncodedFrames float32(float f) {
        int bits = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** A little-endian IEEE double, as Avro writes one. */
    public HandEncodedFrames float64(double d) {
        long bits = Double.doubleToLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) ((bits >>> (8 * i)) & 0xFF));
        }
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}
