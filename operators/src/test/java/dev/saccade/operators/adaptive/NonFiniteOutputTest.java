package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network that outputs NaN gives no event (the clip is counted as failed), never a confident label. */
class NonFiniteOutputTest {
    private static List<ClassifiedEvent> denseEvents(Path bundle, Clip clip) throws Exception {
        ModelSettings s = ModelSettings.from(new Configuration()
                .set(OperatorOptions.MODE, OperatorOptions.Mode.DENSE)
                .set(OperatorOptions.MODEL_BUNDLE, bundle.toString())
                .set(OperatorOptions.MOTION_GATE, false)
                .set(OperatorOptions.FOCUS_DEVICE, OperatorOptions.Device.CPU));
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new DenseFunction(s)))) {
            h.open();
            h.processElement(new StreamRecord<>(clip, 0));
            return h.extractOutputValues();
        }
    }

    private static Clip clip(int t, int width, int height) {
        Clip c = FocusOperatorTest.clip("cam-nan", t);
        c.frameWidth = width;
        c.frameHeight = height;
        c.frames = new byte[t + 1][width * height * 3];
        Random r = new Random(3);
        for (byte[] f : c.frames) {
            r.nextBytes(f);
        }
        return c;
    }

    @Test
    void aNanFromTheDenseModelIsNoEvent(@TempDir Path dir) throws Exception {
        BundleManifest m = ModelBundle.readManifest(FocusOperatorTest.BUNDLE);
        Clip clip = clip(m.clipLength(), m.frameWidth(), m.frameHeight());
        List<ClassifiedEvent> healthy = denseEvents(FocusOperatorTest.BUNDLE, clip);
        assertThat(healthy).hasSize(1);
        assertThat(healthy.get(0).getConfidence()).isFinite();

        // the same bundle with one NaN in the dense model's classifier, and no golden outputs to catch it at load
        try (CascadeNets nets = CascadeNets.load(
                FocusOperatorTest.BUNDLE,
                m.labels().size(),
                m.clipLength(),
                m.policy().focusSteps())) {
            var bias = nets.denseBlock().getParameters().stream()
                    .filter(p -> p.getKey().contains("classifier") && p.getKey().endsWith("bias"))
                    .findFirst()
                    .orElseThrow();
            float[] v = bias.getValue().getArray().toFloatArray();
            Arrays.fill(v, Float.NaN);
            bias.getValue().getArray().set(v);
            nets.save(dir);
        }
        Files.copy(FocusOperatorTest.BUNDLE.resolve(ModelBundle.MANIFEST), dir.resolve(ModelBundle.MANIFEST));
        assertThat(denseEvents(dir, clip)).isEmpty();
    }
}
