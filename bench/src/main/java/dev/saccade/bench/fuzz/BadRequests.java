package dev.saccade.bench.fuzz;

import dev.saccade.operators.ingest.RequestShape;
import java.util.Arrays;
import java.util.Random;

/**
 * Malformed focus-request records as a faulty non-Java producer would write them: each is a request the focus stage's
 * bundle would run but for its one fault, for a clip far beyond the good ones (so a wrongly accepted one shows).
 */
final class BadRequests {
    private final Random random;
    private final RequestShape shape;
    private long nextClip = 1_000_000;

    BadRequests(long seed, RequestShape shape) {
        this.random = new Random(seed);
        this.shape = shape;
    }

    /** The record value (null for a tombstone) of {@code fault} for a made-up clip of {@code streamId}. */
    byte[] build(RequestFault fault, String streamId) {
        long first = nextClip;
        nextClip += 8;
        int size = shape.patchSizes().isEmpty() ? 64 : shape.patchSizes().get(0);
        return switch (fault) {
            case RANDOM_BYTES -> randomBytes(1 + random.nextInt(400));
            case TRUNCATED_AVRO -> {
                byte[] whole = request(
                        streamId,
                        streamId + ":" + first,
                        first,
                        features(),
                        probabilities(),
                        shape.modelVersion(),
                        1,
                        size,
                        3 * size * size);
                yield Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            case FRAME_RECORD -> RawAvro.frame(streamId, first, 1_000, 160, 120, 0, randomBytes(300));
            case EMPTY_VALUE -> random.nextBoolean() ? null : new byte[0];
            case EMPTY_STREAM_ID -> request(
                    "",
                    ":" + first,
                    first,
                    features(),
                    probabilities(),
                    shape.modelVersion(),
                    1,
                    size,
                    3 * size * size);
            case CLIP_ID_MISMATCH -> request(
                    streamId,
                    "clip-" + first,
                    first,
                    features(),
                    probabilities(),
                    shape.modelVersion(),
                    1,
                    size,
                    3 * size * size);
            case NO_PATCHES -> request(
                    streamId,
                    streamId + ":" + first,
                    first,
                    features(),
                    probabilities(),
                    shape.modelVersion(),
                    0,
                    size,
                    0);
            case PATCH_BYTES_MISMATCH -> request(
                    streamId,
                    streamId + ":" + first,
                    first,
                    features(),
                    probabilities(),
                    shape.modelVersion(),
                    1,
                    size,
                    3 * size * size - 1 - random.nextInt(size));
            case OTHER_BUNDLE -> request(
                    streamId,
                    streamId + ":" + first,
                    first,
                    features(),
                    probabilities(),
                    "another-bundle-" + random.nextInt(100),
                    1,
                    size,
                    3 * size * size);
            case FEATURES_LENGTH -> request(
                    streamId,
                    streamId + ":" + first,
                    first,
                    new float[shape.featureLength() + 1 + random.nextInt(8)],
                    probabilities(),
                    shape.modelVersion(),
                    1,
                    size,
                    3 * size * size);
            case NAN_PROBABILITIES -> {
                float[] p = probabilities();
                p[random.nextInt(p.length)] = random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
                yield request(
                        streamId,
                        streamId + ":" + first,
                        first,
                        features(),
                        p,
                        shape.modelVersion(),
                        1,
                        size,
                        3 * size * size);
            }
            case TOO_MANY_PATCHES -> request(
                    streamId,
                    streamId + ":" + first,
                    first,
                    features(),
                    probabilities(),
                    shape.modelVersion(),
                    shape.maxPatches() + 1,
                    size,
                    3 * size * size);
        };
    }

    private static byte[] request(
            String streamId,
            String clipId,
            long first,
            float[] h,
            float[] p,
            String version,
            int patches,
            int size,
            int bgrBytes) {
        RawAvro w = new RawAvro()
                .string(streamId)
                .string(clipId)
                .varLong(first)
                .varLong(first + 7)
                .varLong(1_000)
                .varLong(1_700)
                .varLong(8)
                .varLong(0)
                .varLong(0)
                .bool(false)
                .floats(h)
                .floats(p)
                .float64(0.05)
                .float64(1.43)
                .string(version);
        if (patches > 0) {
            w.varLong(patches);
            for (int i = 0; i < patches; i++) {
                w.varLong(first + i)
                        .varLong(8)
                        .varLong(8)
                        .varLong(size)
                        .varLong(0)
                        .float32(1f);
                w.bytes(new byte[bgrBytes]);
            }
        }
        return w.varLong(0).toBytes();
    }

    private float[] features() {
        float[] h = new float[shape.featureLength()];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextFloat();
        }
        return h;
    }

    private float[] probabilities() {
        float[] p = new float[shape.labels()];
        Arrays.fill(p, 1f / p.length);
        return p;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
