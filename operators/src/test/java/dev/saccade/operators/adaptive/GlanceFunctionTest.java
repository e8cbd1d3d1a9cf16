package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The glance keyed by stream: a quiet stream's skip-convolution cache, state and timer all go at its idle timeout. */
class GlanceFunctionTest {
    private static Clip movingClip(String stream, long first, BundleManifest m) {
        int t = m.clipLength();
        Clip c = FocusOperatorTest.clip(stream, t);
        c.firstSequence = first;
        c.lastSequence = first + t - 1;
        c.clipId = Clip.clipId(stream, first);
        c.sequences = java.util.stream.LongStream.range(first, first + t).toArray();
        c.changedFractions = new double[t];
        java.util.Arrays.fill(c.changedFractions, 0.5); // every frame moved: the motion gate lets it through
        c.firstFrames = new boolean[t];
        c.frameWidth = m.frameWidth();
        c.frameHeight = m.frameHeight();
        c.frames = new byte[t + 1][m.frameWidth() * m.frameHeight() * 3];
        Random r = new Random(first);
        for (byte[] f : c.frames) {
            r.nextBytes(f);
        }
        return c;
    }

    @Test
    void aQuietStreamLeavesNothingBehind() throws Exception {
        BundleManifest m = ModelBundle.readManifest(FocusOperatorTest.BUNDLE);
        Configuration conf = new Configuration();
        conf.set(OperatorOptions.MODE, OperatorOptions.Mode.ADAPTIVE);
        conf.set(OperatorOptions.MODEL_BUNDLE, FocusOperatorTest.BUNDLE.toString());
        conf.set(OperatorOptions.STREAM_IDLE_TIMEOUT, java.time.Duration.ofSeconds(30));
        assertThat(ModelSettings.from(conf).glanceEncoder())
                .as("ONNX Runtime runs f_G by default (the fastest at 96x72 on the CPUs measured)")
                .isEqualTo(OperatorOptions.GlanceEncoder.ONNXRUNTIME);
        // the per-stream skip-convolution caches are what a quiet stream must leave behind
        conf.set(OperatorOptions.GLANCE_ENCODER, OperatorOptions.GlanceEncoder.SKIP_CONV);
        OperatorSettings settings = OperatorSettings.from(conf);
        ModelSettings model = ModelSettings.from(conf);
        GlanceFunction glance = new GlanceFunction(settings, model);
        try (KeyedOneInputStreamOperatorTestHarness<String, Clip, ClassifiedEvent> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(glance, c -> c.streamId, Types.STRING)) {
            h.setProcessingTime(1_000);
            h.processElement(new StreamRecord<>(movingClip("cam-a", 0, m)));
            h.processElement(new StreamRecord<>(movingClip("cam-b", 0, m)));
            h.setProcessingTime(20_000);
            h.processElement(new StreamRecord<>(movingClip("cam-a", m.clipLength(), m)));

            // every clip was decided here or sent on to focus
            var requests = h.getSideOutput(GlanceFunction.FOCUS_REQUESTS); // null when none was sent
            assertThat(h.extractOutputValues().size() + (requests == null ? 0 : requests.size()))
                    .isEqualTo(3);
            assertThat(glance.cachedStreams()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(2);

            h.setProcessingTime(31_000); // cam-b quiet for 30 s; cam-a's last clip renewed its timeout
            assertThat(glance.cachedStreams()).isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.setProcessingTime(50_000);
            assertThat(glance.cachedStreams()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
