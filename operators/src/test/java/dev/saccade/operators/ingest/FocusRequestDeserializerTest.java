package dev.saccade.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.AvroBytes;
import dev.saccade.schemas.FocusPatch;
import dev.saccade.schemas.FocusRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FocusRequestDeserializerTest {
    private final FocusRequestDeserializer deserializer = new FocusRequestDeserializer();

    static FocusRequest request(String stream, long first) {
        return FocusRequest.newBuilder()
                .setStreamId(stream)
                .setClipId(stream + ":" + first)
                .setFirstSequence(first)
                .setLastSequence(first + 7)
                .setFirstCaptureTime(Instant.ofEpochMilli(1000))
                .setLastCaptureTime(Instant.ofEpochMilli(1700))
                .setFrameCount(8)
                .setClipFeatures(List.of(0.5f, 0.25f))
                .setGlanceProbabilities(List.of(0.6f, 0.4f))
                .setGlanceGmacs(0.03)
                .setDenseGmacs(1.4)
                .setModelVersion("v")
                .setPatches(List.of(FocusPatch.newBuilder()
                        .setFrameSequence(first + 2)
                        .setX(8)
                        .setY(16)
                        .setSize(64)
                        .setLevel(0)
                        .setPriority(1f)
                        .setBgr(ByteBuffer.wrap(new byte[64 * 64 * 3]))
                        .build()))
                .build();
    }

    @Test
    void unreadableRecordsBecomeDeadLettersAndTheNextRequestsDecodeIntact() {
        byte[] noise = new byte[120];
        new Random(5).nextBytes(noise);
        byte[] good = AvroBytes.encode(request("cam-1", 0));
        byte[][] bad = {
            noise, java.util.Arrays.copyOf(good, good.length / 3), "{}".getBytes(StandardCharsets.UTF_8), new byte[0]
        };
        long offset = 0;
        for (byte[] b : bad) {
            RequestEnvelope e = deserializer.read("focus-requests", 2, offset++, null, b);
            assertThat(e.request).isNull();
            assertThat(e.rejected.getErrorClass()).isEqualTo("AVRO_DECODE");
            assertThat(e.rejected.getOffset()).isEqualTo(offset - 1);
            assertThat(e.rejected.getPartition()).isEqualTo(2);
            for (String stream : new String[] {"cam-1", "cam-2"}) {
                FocusRequest r = request(stream, offset * 8);
                RequestEnvelope ok = deserializer.read("focus-requests", 2, offset++, null, AvroBytes.encode(r));
                assertThat(ok.rejected)
                        .as("request after bad record at %d", offset)
                        .isNull();
                assertThat(ok.request).isEqualTo(r);
            }
        }
    }

    private static final RequestShape SHAPE = new RequestShape("v", 4, 3, 2, List.of(8, 16));

    /** A request written field by field, as a producer in another language would: patches are {size, bgr length}. */
    private static byte[] handRequest(
            String stream,
            String clipId,
            long first,
            long last,
            int frames,
            float[] h,
            float[] p,
            String version,
            int[]... patches) {
        HandEncodedFrames w = new HandEncodedFrames()
                .string(stream)
                .string(clipId)
                .varLong(first)
                .varLong(last)
                .varLong(1_000)
                .varLong(1_700)
                .varLong(frames)
                .varLong(0)
                .varLong(0)
                .bool(false);
        floats(w, h);
        floats(w, p);
        w.float64(0.03).float64(1.4).string(version);
        if (patches.length > 0) {
            w.varLong(patches.length);
            for (int[] patch : patches) {
                w.varLong(first)
                        .varLong(4)
                        .varLong(4)
                        .varLong(patch[0])
                        .varLong(0)
                        .float32(1f);
                w.bytes(new byte[patch[1]]);
            }
        }
        return w.varLong(0).toBytes();
    }

    private static void floats(HandEncodedFrames w, float[] values) {
        if (values.length > 0) {
            w.varLong(values.length);
            for (float v : values) {
                w.float32(v);
            }
        }
        w.varLong(0);
    }

    private static final float[] H = {0.1f, 0.2f, 0.3f, 0.4f};
    private static final float[] P = {0.5f, 0.3f, 0.2f};
    private static final int[] PATCH = {8, 8 * 8 * 3};

    @Test
    void wellFormedRequestsTheFocusStageCannotRunAreDeadLetteredWithTheirReason() {
        FocusRequestDeserializer checked = new FocusRequestDeserializer(SHAPE);
        byte[][] bad = {
            handRequest("", ":0", 0, 7, 8, H, P, "v", PATCH),
            handRequest("cam", "cam:9", 0, 7, 8, H, P, "v", PATCH),
            handRequest("cam", "cam:0", 0, -1, 8, H, P, "v", PATCH),
            handRequest("cam", "cam:0", 0, 7, 9, H, P, "v", PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "v"),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "v", new int[] {8, 100}),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "v", new int[] {0, 0}),
            handRequest("cam", "cam:0", 0, 7, 8, new float[] {0, Float.NaN, 0, 0}, P, "v", PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "other-bundle", PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, new float[] {1, 2}, P, "v", PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, H, new float[] {1, 0, 0, 0, 0, 0, 0}, "v", PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "v", PATCH, PATCH, PATCH),
            handRequest("cam", "cam:0", 0, 7, 8, H, P, "v", new int[] {12, 12 * 12 * 3}),
        };
        String[] reasons = {
            "without a stream id",
            "is not stream id:first sequence",
            "cannot hold 8 frames",
            "cannot hold 9 frames",
            "without patches",
            "needs 192 BGR bytes but has 100",
            "patch size 0",
            "NaN",
            "made by bundle other-bundle but this focus stage runs v",
            "clip features h has 2 values, the bundle's has 4",
            "7 glance probabilities for the bundle's 3 labels",
            "3 patches but the focus stage has 2 exits",
            "patch size 12 is none of the bundle's levels [8, 16]"
        };
        long offset = 0;
        for (int i = 0; i < bad.length; i++) {
            RequestEnvelope e = checked.read("focus-requests", 0, offset++, null, bad[i]);
            assertThat(e.request).as("bad request %d", i).isNull();
            assertThat(e.rejected.getErrorClass()).isEqualTo("INVALID_REQUEST");
            assertThat(e.rejected.getReason()).contains(reasons[i]);
            assertThat(e.rejected.getOffset()).isEqualTo(offset - 1);
            assertThat(e.rejected.getValue().array()).isEqualTo(bad[i]);
            // a good request right after each: read intact
            long first = 8L * (i + 1);
            RequestEnvelope ok = checked.read(
                    "focus-requests",
                    0,
                    offset++,
                    null,
                    handRequest("cam", "cam:" + first, first, first + 7, 8, H, P, "v", PATCH, new int[] {16, 768}));
            assertThat(ok.rejected).as("good request after bad %d", i).isNull();
            assertThat(ok.request.getPatches()).hasSize(2);
        }
    }

    @Test
    void changedTilesAreCarriedWhenTheyHoldTogetherAndDeadLetteredWhenNot() {
        java.util.function.BiFunction<Integer, Integer, dev.saccade.schemas.ChangedTiles> grid =
                (columns, maskBytes) -> new dev.saccade.schemas.ChangedTiles(
                        160,
                        120,
                        16,
                        columns,
                        8,
                        List.of(new dev.saccade.schemas.TileMask(3L, ByteBuffer.wrap(new byte[maskBytes]))));
        FocusRequest good = FocusRequest.newBuilder(request("cam", 0))
                .setChangedTiles(grid.apply(10, 10))
                .build();
        RequestEnvelope ok = deserializer.read("focus-requests", 0, 0, null, AvroBytes.encode(good));
        assertThat(ok.rejected).isNull();
        assertThat(ok.request.getChangedTiles()).isEqualTo(good.getChangedTiles());
        String[][] bad = {{"11", "10", "does not tile 160x120"}, {"10", "9", "a changed-tile mask of 9 bytes for 80"}};
        long offset = 1;
        for (String[] b : bad) {
            FocusRequest r = FocusRequest.newBuilder(request("cam", 8 * offset))
                    .setChangedTiles(grid.apply(Integer.parseInt(b[0]), Integer.parseInt(b[1])))
                    .build();
            RequestEnvelope e = deserializer.read("focus-requests", 0, offset++, null, AvroBytes.encode(r));
            assertThat(e.request).isNull();
            assertThat(e.rejected.getErrorClass()).isEqualTo("INVALID_REQUEST");
            assertThat(e.rejected.getReason()).contains(b[2]);
        }
    }

    @Test
    void aSecondRequestForTheSameClipIsDeadLettered() {
        FocusRequestDeserializer checked = new FocusRequestDeserializer(SHAPE);
        byte[] once = handRequest("cam", "cam:16", 16, 23, 8, H, P, "v", PATCH);
        assertThat(checked.read("focus-requests", 1, 5, null, once).rejected).isNull();
        RequestEnvelope again = checked.read("focus-requests", 1, 6, null, once);
        assertThat(again.rejected.getErrorClass()).isEqualTo("INVALID_REQUEST");
        assertThat(again.rejected.getReason()).contains("a second request for clip cam:16");
        assertThat(checked.read("focus-requests", 1, 7, null, handRequest("cam", "cam:24", 24, 31, 8, H, P, "v", PATCH))
                        .rejected)
                .isNull();
    }

    @Test
    void theShippedBundlesShapeIsWhatItsGlanceStageWrites() throws Exception {
        var manifest = dev.saccade.models.bundle.ModelBundle.readManifest(java.nio.file.Path.of("../models/bundle"));
        RequestShape shape = RequestShape.of(manifest);
        assertThat(shape.modelVersion()).isEqualTo(manifest.version());
        assertThat(shape.labels()).isEqualTo(manifest.labels().size());
        assertThat(shape.maxPatches()).isEqualTo(manifest.policy().focusSteps());
        assertThat(shape.patchSizes())
                .containsExactlyElementsOf(manifest.policy().levels());
    }
}
