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
}
