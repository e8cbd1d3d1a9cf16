package dev.saccade.models.external.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol-buffer wire format field by field, enough to walk an ONNX model without generated classes: the
 * project needs a handful of ONNX's messages, not a protobuf runtime.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private int tag;

    ProtoReader(ByteBuffer buf) {
        this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (!buf.hasRemaining()) {
            return false;
        }
        long t = varint();
        tag = (int) t;
        if (field() == 0) {
            throw malformed("field number 0");
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw malformed("truncated varint");
            }
            byte b = buf.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    float fixed32Float() {
        need(4);
        return buf.getFloat();
    }

    /** The bytes of a length-delimited field as a buffer over the same memory. */
    ByteBuffer bytes() {
        long length = varint();
        if (length < 0 || length > buf.remaining()) {
            throw malformed("length " + length + " beyond the message's end");
        }
        ByteBuffer slice = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        slice.limit((int) length);
        buf.position(buf.position() + (int) length);
        return slice;
    }

    String string() {
        ByteBuffer b = bytes();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    ProtoReader message() {
        return new ProtoReader(bytes());
    }

    /** A repeated int64 field, packed or not: appends this occurrence's values. */
    void int64s(LongList out) {
        if (wireType() == LENGTH_DELIMITED) {
            ProtoReader packed = message();
            while (packed.buf.hasRemaining()) {
                out.add(packed.varint());
            }
        } else {
            out.add(varint());
        }
    }

    /** A repeated float field, packed or not: appends this occurrence's values. */
    void floats(FloatList out) {
        if (wireType() == LENGTH_DELIMITED) {
            ByteBuffer packed = bytes();
            while (packed.remaining() >= 4) {
                out.add(packed.getFloat());
            }
        } else {
            out.add(fixed32Float());
        }
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> advance(4);
            default -> throw malformed("wire type " + wireType());
        }
    }

    private void advance(int n) {
        need(n);
        buf.position(buf.position() + n);
    }

    private void need(int n) {
        if (buf.remaining() < n) {
            throw malformed("truncated field");
        }
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("not a valid ONNX protobuf: " + why);
    }

    /** A growable long array. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** A growable float array. */
    static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
