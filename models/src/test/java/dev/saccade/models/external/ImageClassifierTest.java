package dev.saccade.models.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SqueezeNet 1.0 (WinML fp16 ONNX export) on two real photos. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageClassifierTest {

    private static final Logger LOG = LoggerFactory.getLogger(ImageClassifierTest.class);

    /** Raw 0-255 BGR pixels: with RGB the fish photo comes out as 'barracouta' instead of 'tench'. */
    private static final String SQUEEZENET =
            """
            {"engine": "OnnxRuntime", "path": "models/squeezenet/SqueezeNet_fp16.onnx", "inputNames": ["data_0"],
             "inputWidth": 224, "inputHeight": 224, "channelOrder": "%s", "pixelScale": 1.0, "dtype": "float16",
             "resize": "stretch", "labels": "models/squeezenet/Labels.txt"}""";

    private Path data;
    private ImageClassifier classifier;

    @BeforeAll
    void load() throws Exception {
        SharedData.require("models/squeezenet/SqueezeNet_fp16.onnx");
        SharedData.require("models/squeezenet/Labels.txt");
        data = SharedData.dir();
        classifier = ImageClassifier.load(ExternalModelSpec.fromJson(SQUEEZENET.formatted("BGR")), data);
    }

    @AfterAll
    void close() {
        if (classifier != null) {
            classifier.close();
        }
    }

    @Test
    void kittenIsATabbyCat() throws Exception {
        BgrImage kitten = SampleImages.readBgr(SharedData.require("models/squeezenet/kitten_224.png"));

        List<ClassScore> top = classifier.classify(kitten.bgr(), kitten.width(), kitten.height(), 5);

        assertThat(top.get(0).label()).isEqualTo("tabby, tabby cat");
        assertThat(top.get(0).classIndex()).isEqualTo(281);
        assertThat(top.get(0).probability()).isGreaterThan(0.8f);
        assertThat(top)
                .hasSize(5)
                .extracting(ClassScore::probability)
                .isSortedAccordingTo((a, b) -> Float.compare(b, a));
        logLatency(kitten);
    }

    @Test
    void fishIsATench() throws Exception {
        BgrImage fish = SampleImages.readBgr(SharedData.require("models/squeezenet/fish.png"));

        ClassScore top =
                classifier.classify(fish.bgr(), fish.width(), fish.height(), 1).get(0);

        assertThat(top.label()).isEqualTo("tench, Tinca tinca");
        assertThat(top.probability()).isGreaterThan(0.6f);
        float sum = 0;
        for (float p : classifier.probabilities(fish.bgr(), fish.width(), fish.height())) {
            sum += p;
        }
        assertThat(sum).isCloseTo(1f, within(0.02f));
    }

    @Test
    void largerFramesAreResizedToTheModelInput() throws Exception {
        BgrImage fish = SampleImages.readBgr(SharedData.require("models/squeezenet/fish.png"));
        BgrImage doubled = pixelDoubled(fish);
        // Area averaging halves a pixel-doubled image back to the exact original; DJL's (antialiased) bilinear
        // would blur it enough to turn the tench into an electric ray.
        ExternalModelSpec areaSpec = ExternalModelSpec.fromJson(SQUEEZENET
                .formatted("BGR")
                .replace("\"resize\": \"stretch\"", "\"resize\": \"stretch\", \"interpolation\": \"area\""));
        try (ImageClassifier area = ImageClassifier.load(areaSpec, data)) {
            ClassScore original = classifier
                    .classify(fish.bgr(), fish.width(), fish.height(), 1)
                    .get(0);
            ClassScore resized = area.classify(doubled.bgr(), doubled.width(), doubled.height(), 1)
                    .get(0);

            assertThat(areaSpec.interpolation()).isEqualTo(ExternalModelSpec.Interpolation.AREA);
            assertThat(resized.label()).isEqualTo("tench, Tinca tinca");
            assertThat(resized.probability()).isCloseTo(original.probability(), within(1e-3f));
        }
    }

    @Test
    void theModelWantsBgrRgbInputMisclassifiesTheFish() throws Exception {
        BgrImage fish = SampleImages.readBgr(SharedData.require("models/squeezenet/fish.png"));
        try (ImageClassifier rgb =
                ImageClassifier.load(ExternalModelSpec.fromJson(SQUEEZENET.formatted("RGB")), data)) {
            ClassScore top =
                    rgb.classify(fish.bgr(), fish.width(), fish.height(), 1).get(0);

            assertThat(top.label()).doesNotStartWith("tench");
        }
    }

    @Test
    void aSpecNamingTheWrongInputFailsAtLoad() throws Exception {
        ExternalModelSpec wrong =
                ExternalModelSpec.fromJson(SQUEEZENET.formatted("BGR").replace("\"data_0\"", "\"images\""));

        assertThatThrownBy(() -> ImageClassifier.load(wrong, data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec names input 'images'")
                .hasMessageContaining("has input 'data_0'");
    }

    private void logLatency(BgrImage image) {
        int runs = 20;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            classifier.classify(image.bgr(), image.width(), image.height(), 1);
        }
        LOG.info(
                "SqueezeNet fp16 224x224: {} ms per classify (pre-processing + forward), {} cores",
                String.format("%.1f", (System.nanoTime() - start) / 1e6 / runs),
                Runtime.getRuntime().availableProcessors());
    }

    private static BgrImage pixelDoubled(BgrImage src) {
        int w = src.width() * 2;
        int h = src.height() * 2;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(src.bgr(), ((y / 2) * src.width() + x / 2) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new BgrImage(out, w, h);
    }
}
