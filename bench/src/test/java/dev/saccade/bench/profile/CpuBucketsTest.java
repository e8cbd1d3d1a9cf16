package dev.saccade.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples land in the stage whose code they are in, by thread where the thread has one job. */
class CpuBucketsTest {
    private static final String TASK = "decode-and-difference -> assemble-clips -> glance (1/2)#0";

    private static String bucket(String thread, String... leafFirst) {
        String b = CpuBuckets.ofThread(thread);
        if (b == null) {
            b = CpuBuckets.ofFrames(List.of(leafFirst));
        }
        return b != null ? b : CpuBuckets.defaultOf(thread);
    }

    @Test
    void nativeJpegDecodeUnderImageCodecIsJpegDecode() {
        assertEquals(
                CpuBuckets.JPEG_DECODE,
                bucket(
                        TASK,
                        "org.bytedeco.opencv.global.opencv_imgcodecs#imdecode",
                        "dev.saccade.operators.media.ImageCodec#decode",
                        "dev.saccade.operators.ingest.FrameDecoder#decode",
                        "dev.saccade.operators.diff.FrameDifferencingFunction#processElement"));
    }

    @Test
    void resizeAndGreyAreTheirOwnStageEvenInsideDifferencing() {
        assertEquals(
                CpuBuckets.RESIZE,
                bucket(
                        TASK,
                        "org.bytedeco.opencv.global.opencv_imgproc#resize",
                        "dev.saccade.operators.media.ImageCodec#resizeBgr",
                        "dev.saccade.operators.diff.FrameDifferencingFunction#processElement"));
        assertEquals(CpuBuckets.DIFFERENCING, bucket(TASK, "dev.saccade.operators.diff.TileDifferencer#compare"));
    }

    @Test
    void glanceCodeAndTheEngineAreTheGlance() {
        assertEquals(CpuBuckets.GLANCE, bucket(TASK, "dev.saccade.models.skipconv.GemmConv#run"));
        assertEquals(CpuBuckets.GLANCE, bucket(TASK, "ai.djl.pytorch.jni.PyTorchLibrary#torchMatmul"));
    }

    @Test
    void avroInsideTheKafkaSourceIsAvro() {
        assertEquals(
                CpuBuckets.AVRO_DECODE,
                bucket(
                        "Source: frames -> route-unreadable (2/2)#0",
                        "org.apache.avro.io.BinaryDecoder#readBytes",
                        "dev.saccade.operators.ingest.FrameRecordDeserializer#deserialize",
                        "org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter#emitRecord"));
    }

    @Test
    void unclaimedWorkFallsToWhatTheThreadIsFor() {
        assertEquals(CpuBuckets.FLINK, bucket(TASK, "org.apache.flink.runtime.io.network.api.writer.X#emit"));
        assertEquals(
                CpuBuckets.KAFKA_CONSUME,
                bucket(
                        "Source Data Fetcher for Source: frames (1/2)#0",
                        "org.apache.kafka.common.network.Selector#poll"));
        assertEquals(
                CpuBuckets.PRODUCE,
                bucket(
                        "kafka-producer-network-thread | producer-bench-adaptive-1-0-3",
                        "org.apache.kafka.common.network.Selector#poll"));
    }

    @Test
    void threadsWithOneJob() {
        assertEquals(CpuBuckets.JIT, CpuBuckets.ofThread("C2 CompilerThread0"));
        assertEquals(CpuBuckets.GC, CpuBuckets.ofThread("GC Thread#1"));
        assertEquals(CpuBuckets.BROKER, CpuBuckets.ofThread("data-plane-kafka-request-handler-0"));
        assertEquals(CpuBuckets.HARNESS, CpuBuckets.ofThread("kafka-producer-network-thread | producer-1"));
        assertEquals(CpuBuckets.HARNESS, CpuBuckets.ofThread("main"));
        assertNull(CpuBuckets.ofThread(TASK));
    }
}
