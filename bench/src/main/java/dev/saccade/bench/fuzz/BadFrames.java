package dev.saccade.bench.fuzz;

import dev.saccade.bench.JpegStreams;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

/**
 * Malformed frame records as a faulty non-Java producer would write them, each placed right before a good frame of the
 * same stream: {@code seq} is that good frame's sequence, so only the fault itself can get the record rejected.
 */
final class BadFrames {
    private static final int JPEG = 0;
    private static final int RAW_BGR24 = 2;

    private final Random random;
    private final int maxPayloadBytes;

    BadFrames(long seed, int maxPayloadBytes) {
        this.random = new Random(seed);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The record value (null for a tombstone) of {@code fault} for the stream's good frame {@code seq}. */
    byte[] build(FrameFault fault, JpegStreams.Stream st, int seq, long captureMs) {
        byte[] jpeg = st.jpeg(seq);
        int w = st.width();
        int h = st.height();
        return switch (fault) {
            case RANDOM_BYTES -> randomBytes(1 + random.nextInt(400));
            case TRUNCATED_AVRO -> {
                byte[] whole = RawAvro.frame(st.id(), seq, captureMs, w, h, JPEG, jpeg);
                yield Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            case OTHER_SCHEMA -> AvroBytes.encode(DeadLetter.newBuilder()
                    .setTopic(st.id())
                    .setPartition(random.nextInt(8))
                    .setOffset(seq)
                    .setKey(ByteBuffer.wrap(st.id().getBytes(StandardCharsets.UTF_8)))
                    .setValue(ByteBuffer.wrap(randomBytes(64)))
                    .setReason("from another topic")
                    .setErrorClass("OTHER")
                    .setTime(Instant.ofEpochMilli(captureMs))
                    .build());
            case JSON_TEXT -> ("{\"streamId\":\"" + st.id() + "\",\"sequence\":" + seq + ",\"width\":" + w + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case EMPTY_VALUE -> random.nextBoolean() ? null : new byte[0];
            case UNKNOWN_ENCODING -> RawAvro.frame(st.id(), seq, captureMs, w, h, 4 + random.nextInt(60), jpeg);
            case EMPTY_STREAM_ID -> RawAvro.frame(random.nextBoolean() ? "" : "  ", seq, captureMs, w, h, JPEG, jpeg);
            case ZERO_DIMENSIONS -> RawAvro.frame(
                    st.id(), seq, captureMs, random.nextBoolean() ? 0 : -w, random.nextBoolean() ? 0 : h, JPEG, jpeg);
            case HUGE_DIMENSIONS -> random.nextBoolean()
                    ? RawAvro.frame(st.id(), seq, captureMs, 100_000, 100_000, JPEG, jpeg)
                    : RawAvro.frame(st.id(), seq, captureMs, Integer.MAX_VALUE, 2, RAW_BGR24, randomBytes(96));
            case OVERSIZED_PAYLOAD -> RawAvro.frame(
                    st.id(), seq, captureMs, w, h, JPEG, randomBytes(maxPayloadBytes + 1 + random.nextInt(512)));
            case TRUNCATED_JPEG -> RawAvro.frame(
                    st.id(), seq, captureMs, w, h, JPEG, Arrays.copyOf(jpeg, 2 + random.nextInt(jpeg.length - 2)));
            case GARBAGE_JPEG -> {
                byte[] garbage = randomBytes(16 + random.nextInt(2000));
                garbage[0] = (byte) 0xFF;
                garbage[1] = (byte) 0xD8;
                yield RawAvro.frame(st.id(), seq, captureMs, w, h, JPEG, garbage);
            }
            case JPEG_SIZE_MISMATCH -> RawAvro.frame(
                    st.id(), seq, captureMs, w + 8 * (1 + random.nextInt(4)), h, JPEG, jpeg);
            case RAW_SIZE_MISMATCH -> RawAvro.frame(
                    st.id(), seq, captureMs, w, h, RAW_BGR24, randomBytes(w * h * 3 - 1 - random.nextInt(w * 3)));
            case SEQUENCE_BACKWARDS -> {
                // a replay of an earlier frame (its own capture time), or a frame captured now but numbered back
                int back = 1 + random.nextInt(Math.min(seq, 20));
                long at = random.nextBoolean() ? captureMs - back * 100L : captureMs;
                yield RawAvro.frame(st.id(), seq - back, at, w, h, JPEG, st.jpeg(seq - back));
            }
            case CAPTURED_LONG_BEFORE -> RawAvro.frame(
                    st.id(), seq, captureMs - 3_600_000L - random.nextInt(1_000_000), w, h, JPEG, jpeg);
        };
    }

    /**
     * A fault that fits before good frame {@code seq}: a frame can only be behind its stream once the stream has a
     * frame (before that, an otherwise valid one would rightly be the stream's first).
     */
    static FrameFault fitting(int seq, FrameFault wanted) {
        boolean needsHistory = wanted == FrameFault.SEQUENCE_BACKWARDS || wanted == FrameFault.CAPTURED_LONG_BEFORE;
        return needsHistory && seq == 0 ? FrameFault.RANDOM_BYTES : wanted;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
