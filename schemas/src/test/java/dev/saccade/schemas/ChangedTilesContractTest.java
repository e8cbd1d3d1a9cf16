package dev.saccade.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Events and focus requests carry the differencing's changed tiles, and bytes written before the field still decode. */
class ChangedTilesContractTest {

    static ChangedTiles tiles() {
        return new ChangedTiles(
                160,
                120,
                16,
                10,
                8,
                List.of(
                        new TileMask(41L, ByteBuffer.wrap(new byte[] {0b101, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80})),
                        new TileMask(43L, ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))));
    }

    static ClassifiedEvent.Builder event() {
        return ClassifiedEvent.newBuilder()
                .setStreamId("cam-1")
                .setClipId("cam-1:40")
                .setFirstSequence(40)
                .setLastSequence(47)
                .setFirstCaptureTime(Instant.ofEpochMilli(4_000))
                .setLastCaptureTime(Instant.ofEpochMilli(4_700))
                .setFrameCount(8)
                .setLabel("walking")
                .setLabelIndex(2)
                .setConfidence(0.75f)
                .setTopK(List.of(new LabelScore("walking", 0.75f)))
                .setStage("focus-2")
                .setFramesLookedAt(8)
                .setPatches(List.of(new Patch(42L, 8, 16, 64, 64, 1)))
                .setGmacs(0.1)
                .setDenseGmacs(1.5)
                .setModelVersion("v")
                .setProcessingLatencyMs(12);
    }

    @Test
    void changedTilesAndPatchLevelsRoundTrip() {
        ClassifiedEvent e = event().setChangedTiles(tiles()).build();
        ClassifiedEvent back = AvroBytes.decode(AvroBytes.encode(e), ClassifiedEvent.class);
        assertThat(back).isEqualTo(e);
        assertThat(back.getChangedTiles().getColumns()).isEqualTo(10);
        assertThat(back.getChangedTiles().getFrames())
                .extracting(TileMask::getFrameSequence)
                .containsExactly(41L, 43L);
        ByteBuffer mask = back.getChangedTiles().getFrames().get(0).getChanged();
        assertThat(mask.remaining()).isEqualTo(10);
        assertThat(mask.get(mask.position() + 9)).isEqualTo((byte) 0x80);
        assertThat(back.getPatches().get(0).getLevel()).isEqualTo(1);
    }

    @Test
    void eventsWithoutTilesDefaultToNull() {
        ClassifiedEvent e = event().build();
        assertThat(e.getChangedTiles()).isNull();
        assertThat(AvroBytes.decode(AvroBytes.encode(e), ClassifiedEvent.class).getChangedTiles())
                .isNull();
    }

    @Test
    void anEventWrittenBeforeChangedTilesDecodesIntoTheCurrentClass() throws IOException {
        Schema before = EarlierSchemas.of(ClassifiedEvent.class).get(0);
        assertThat(before.getField("changedTiles"))
                .as("the earlier schema lacks the field")
                .isNull();
        assertThat(before.getField("degraded")).isNotNull();
        GenericRecord old = new GenericData.Record(before);
        Schema patchSchema = before.getField("patches").schema().getElementType();
        GenericRecord patch = new GenericData.Record(patchSchema);
        patch.put("frameSequence", 42L);
        patch.put("x", 8);
        patch.put("y", 16);
        patch.put("width", 64);
        patch.put("height", 64);
        Schema scoreSchema = before.getField("topK").schema().getElementType();
        GenericRecord score = new GenericData.Record(scoreSchema);
        score.put("label", "walking");
        score.put("score", 0.75f);
        old.put("streamId", "cam-1");
        old.put("clipId", "cam-1:40");
        old.put("firstSequence", 40L);
        old.put("lastSequence", 47L);
        old.put("firstCaptureTime", 4_000L);
        old.put("lastCaptureTime", 4_700L);
        old.put("frameCount", 8);
        old.put("label", "walking");
        old.put("labelIndex", 2);
        old.put("confidence", 0.75f);
        old.put("topK", List.of(score));
        old.put("stage", "focus-2");
        old.put("framesLookedAt", 8);
        old.put("patches", List.of(patch));
        old.put("gmacs", 0.1);
        old.put("denseGmacs", 1.5);
        old.put("modelVersion", "v");
        old.put("processingLatencyMs", 12L);
        old.put("counts", Map.of("person", 2));
        old.put("sourceFirstFrame", 400L);
        old.put("sourceLastFrame", null);
        old.put("detections", List.of());
        old.put("partial", false);
        old.put("degraded", true);
        byte[] bytes = write(before, old);

        ClassifiedEvent e = AvroBytes.decode(bytes, ClassifiedEvent.class);
        assertThat(e.getClipId()).isEqualTo("cam-1:40");
        assertThat(e.getDegraded()).isTrue();
        assertThat(e.getCounts()).containsEntry("person", 2);
        assertThat(e.getSourceFirstFrame()).isEqualTo(400L);
        assertThat(e.getChangedTiles()).as("the new field takes its default").isNull();
        assertThat(e.getPatches().get(0).getX()).isEqualTo(8);
        assertThat(e.getPatches().get(0).getLevel())
                .as("an old patch has no level")
                .isEqualTo(-1);
        // the strict reader of the job's ingest accepts it too
        assertThat(new AvroRecordReader<>(ClassifiedEvent.class).read(bytes)).isEqualTo(e);
    }

    @Test
    void aFocusRequestWrittenBeforeChangedTilesDecodes() throws IOException {
        Schema before = EarlierSchemas.of(FocusRequest.class).get(0);
        assertThat(before.getField("changedTiles")).isNull();
        GenericRecord old = new GenericData.Record(before);
        GenericRecord patch =
                new GenericData.Record(before.getField("patches").schema().getElementType());
        patch.put("frameSequence", 42L);
        patch.put("x", 8);
        patch.put("y", 16);
        patch.put("size", 2);
        patch.put("level", 0);
        patch.put("priority", 1f);
        patch.put("bgr", ByteBuffer.wrap(new byte[12]));
        old.put("streamId", "cam-1");
        old.put("clipId", "cam-1:40");
        old.put("firstSequence", 40L);
        old.put("lastSequence", 47L);
        old.put("firstCaptureTime", 4_000L);
        old.put("lastCaptureTime", 4_700L);
        old.put("frameCount", 8);
        old.put("sourceFirstFrame", null);
        old.put("sourceLastFrame", null);
        old.put("partial", false);
        old.put("clipFeatures", List.of(0.5f));
        old.put("glanceProbabilities", List.of(0.6f, 0.4f));
        old.put("glanceGmacs", 0.03);
        old.put("denseGmacs", 1.4);
        old.put("modelVersion", "v");
        old.put("patches", List.of(patch));
        byte[] bytes = write(before, old);

        FocusRequest r = new AvroRecordReader<>(FocusRequest.class).read(bytes);
        assertThat(r.getClipId()).isEqualTo("cam-1:40");
        assertThat(r.getPatches().get(0).getSize()).isEqualTo(2);
        assertThat(r.getChangedTiles()).isNull();

        FocusRequest current =
                FocusRequest.newBuilder(r).setChangedTiles(tiles()).build();
        assertThat(AvroBytes.decode(AvroBytes.encode(current), FocusRequest.class)
                        .getChangedTiles())
                .isEqualTo(tiles());
    }

    @Test
    void bytesNoVersionReadsStillFail() {
        byte[] truncated = java.util.Arrays.copyOf(AvroBytes.encode(event().build()), 20);
        assertThatThrownBy(() -> new AvroRecordReader<>(ClassifiedEvent.class).read(truncated))
                .isInstanceOf(IOException.class);
    }

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }
}
