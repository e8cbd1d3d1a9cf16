package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.LabelScore;
import dev.saccade.schemas.Patch;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eventBecomesPlainJsonWithoutAvroUnionWrappers() throws Exception {
        ClassifiedEvent e = ClassifiedEvent.newBuilder()
                .setStreamId("cam-1")
                .setClipId("cam-1:32")
                .setFirstSequence(32)
                .setLastSequence(47)
                .setFirstCaptureTime(Instant.parse("2026-01-01T00:00:00Z"))
                .setLastCaptureTime(Instant.parse("2026-01-01T00:00:01.5Z"))
                .setFrameCount(16)
                .setLabel("motion")
                .setLabelIndex(1)
                .setConfidence(0.875f)
                .setTopK(List.of(new LabelScore("motion", 0.875f), new LabelScore("static", 0.125f)))
                .setStage("motion")
                .setFramesLookedAt(16)
                .setPatches(List.of(new Patch(40L, 1, 2, 64, 64, 0)))
                .setGmacs(0.25)
                .setDenseGmacs(4.0)
                .setModelVersion("v1")
                .setProcessingLatencyMs(120)
                .build();
        JsonNode n = json.readTree(AvroJson.toJsonLine(e));
        assertThat(n.get("streamId").asText()).isEqualTo("cam-1");
        assertThat(n.get("confidence").asDouble()).isEqualTo(0.875);
        assertThat(n.get("lastCaptureTime").asText()).isEqualTo("2026-01-01T00:00:01.500Z");
        assertThat(n.get("topK").get(1).get("label").asText()).isEqualTo("static");
        assertThat(n.get("patches").get(0).get("width").asInt()).isEqualTo(64);
        assertThat(AvroJson.toJsonLine(e)).doesNotContain("\n");
    }

    @Test
    void deadLetterBytesAreBase64AndNullsStayNull() throws Exception {
        DeadLetter d = DeadLetter.newBuilder()
                .setTopic("t")
                .setPartition(0)
                .setOffset(5)
                .setKey(null)
                .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setReason("bad")
                .setErrorClass("AVRO_DECODE")
                .setTime(Instant.EPOCH)
                .build();
        JsonNode n = json.readTree(AvroJson.toJsonLine(d));
        assertThat(n.get("key").isNull()).isTrue();
        assertThat(n.get("value").asText()).isEqualTo("AQID");
    }

    @Test
    void aLongPayloadIsCutToItsHeadUnlessAskedAndSaysSo() throws Exception {
        byte[] frame = new byte[100_000];
        java.util.Arrays.fill(frame, (byte) 7);
        DeadLetter d = DeadLetter.newBuilder()
                .setTopic("t")
                .setPartition(0)
                .setOffset(5)
                .setKey(ByteBuffer.wrap(new byte[] {99}))
                .setValue(ByteBuffer.wrap(frame))
                .setReason("bad")
                .setErrorClass("AVRO_DECODE")
                .setTime(Instant.EPOCH)
                .build();

        JsonNode cut = json.readTree(AvroJson.toJsonLine(d, 64));
        assertThat(java.util.Base64.getDecoder().decode(cut.get("value").asText()))
                .hasSize(64);
        assertThat(cut.get("valueBytes").asInt()).isEqualTo(100_000);
        assertThat(cut.get("valueTruncated").asBoolean()).isTrue();
        assertThat(cut.get("reason").asText()).isEqualTo("bad");

        JsonNode whole = json.readTree(AvroJson.toJsonLine(d));
        assertThat(java.util.Base64.getDecoder().decode(whole.get("value").asText()))
                .hasSize(100_000);
        assertThat(whole.has("valueTruncated")).isFalse();
    }

    @Test
    void nonFiniteNumbersPrintAsNullNeverAsNan() throws Exception {
        ClassifiedEvent e = ClassifiedEvent.newBuilder()
                .setStreamId("cam-1")
                .setClipId("cam-1:0")
                .setFirstSequence(0)
                .setLastSequence(7)
                .setFirstCaptureTime(Instant.EPOCH)
                .setLastCaptureTime(Instant.EPOCH)
                .setFrameCount(8)
                .setLabel("idle")
                .setLabelIndex(0)
                .setConfidence(Float.NaN)
                .setTopK(List.of(new LabelScore("idle", Float.POSITIVE_INFINITY)))
                .setStage("dense")
                .setFramesLookedAt(8)
                .setPatches(List.of())
                .setGmacs(Double.NaN)
                .setDenseGmacs(1.0)
                .setModelVersion("v1")
                .setProcessingLatencyMs(1)
                .build();
        String line = AvroJson.toJsonLine(e);
        assertThat(line).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode n = json.readTree(line);
        assertThat(n.get("confidence").isNull()).isTrue();
        assertThat(n.get("topK").get(0).get("score").isNull()).isTrue();
        assertThat(n.get("gmacs").isNull()).isTrue();
        assertThat(n.get("denseGmacs").asDouble()).isEqualTo(1.0);
    }
}
