package dev.saccade.models.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.models.external.BgrImage;
import dev.saccade.models.external.ExternalModelSpec;
import dev.saccade.models.external.LabelFile;
import dev.saccade.models.external.SampleImages;
import dev.saccade.models.external.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every cascade role as the real SqueezeNet ONNX model, configured in a bundle manifest, on a moving kitten. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalRoleCascadeTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int T = 8;
    private static final long MACS_PER_IMAGE = 837_000_000L;
    /** ImageNet's domestic cats (tabby, tiger, Persian, Siamese, Egyptian): a kitten crop may land on any of them. */
    private static final Set<Integer> CATS = Set.of(281, 282, 283, 284, 285);

    @TempDir
    Path tmp;

    private List<String> imagenet;
    private ClipData clip;

    @BeforeAll
    void data() throws IOException {
        imagenet = LabelFile.read(SharedData.require("models/squeezenet/Labels.txt"));
        SharedData.require("models/squeezenet/SqueezeNet_fp16.onnx");
        BgrImage kitten = SampleImages.readBgr(SharedData.require("models/squeezenet/kitten_224.png"));
        byte[][] frames = new byte[T + 1][];
        for (int f = 0; f <= T; f++) {
            byte[] frame = new byte[W * H * 3];
            Arrays.fill(frame, (byte) 120);
            int left = 20 + 6 * f;
            for (int y = 0; y < kitten.height(); y++) {
                System.arraycopy(
                        kitten.bgr(), y * kitten.width() * 3, frame, ((y + 8) * W + left) * 3, kitten.width() * 3);
            }
            frames[f] = frame;
        }
        clip = new ClipData(new ClipRef(0, 0, 281), W, H, frames, new ObjectBox[T], new boolean[T]);
    }

    @Test
    void glanceDecidesWhenConfident() throws IOException {
        try (ModelBundle bundle = ModelBundle.load(
                        bundle("confident", imagenet, List.of(0.3, 0.3, 0.0), Set.of("glance", "local", "dense")));
                NDManager m = NDManager.newBaseManager(CascadeNets.ENGINE)) {
            MacLedger ledger = new MacLedger();

            AdaptiveCascade.Decision d =
                    bundle.cascade().classify(m, List.of(clip), ledger).get(0);

            assertThat(d.stage()).isEqualTo("glance");
            assertThat(CATS).contains(d.label());
            assertThat(d.looked()).isEmpty();
            assertThat(d.macs()).isEqualTo(T * MACS_PER_IMAGE);
            assertThat(ledger.byStage()).containsOnlyKeys("glance");
        }
    }

    @Test
    void externalLocalLooksAtTheMovingObjectUntilTheLastExit() throws IOException {
        try (ModelBundle bundle = ModelBundle.load(
                        bundle("unsure", imagenet, List.of(1.01, 1.01, 0.0), Set.of("glance", "local", "dense")));
                NDManager m = NDManager.newBaseManager(CascadeNets.ENGINE)) {
            MacLedger ledger = new MacLedger();

            AdaptiveCascade.Decision d =
                    bundle.cascade().classify(m, List.of(clip), ledger).get(0);

            assertThat(d.stage()).isEqualTo("focus-2");
            assertThat(d.looked()).hasSize(2).allSatisfy(look -> {
                int kittenLeft = 20 + 6 * (look.frame() + 1);
                // the patch overlaps the kitten, whose edges are where the frames differ
                assertThat(look.box().x() + look.box().size()).isGreaterThan(kittenLeft);
                assertThat(look.box().x()).isLessThan(kittenLeft + 224);
                assertThat(look.box().y()).isLessThan(8 + 224);
            });
            assertThat(CATS).contains(d.label());
            assertThat(d.macs()).isEqualTo((T + 2) * MACS_PER_IMAGE);
            assertThat(ledger.stage("focus-1")).isEqualTo(MACS_PER_IMAGE);
            assertThat(ledger.stage("focus-2")).isEqualTo(MACS_PER_IMAGE);
        }
    }

    @Test
    void externalDenseBaselineAveragesFrames() throws IOException {
        try (ModelBundle bundle = ModelBundle.load(
                        bundle("dense", imagenet, List.of(0.3, 0.3, 0.0), Set.of("glance", "local", "dense")));
                NDManager m = NDManager.newBaseManager(CascadeNets.ENGINE)) {
            MacLedger ledger = new MacLedger();

            float[] p = bundle.cascade().dense(m, List.of(clip), ledger)[0];

            assertThat(p).hasSize(1000);
            assertThat(AdaptiveCascade.argmax(p)).isEqualTo(281);
            assertThat(ledger.stage("dense")).isEqualTo(T * MACS_PER_IMAGE);
        }
    }

    @Test
    void rejectsAnExternalModelWhoseLabelsAreNotTheBundles() throws IOException {
        Path dir = bundle(
                "mismatch",
                List.of("idle", "walk-left", "walk-right", "approach", "loiter", "fall"),
                List.of(0.3, 0.3, 0.0),
                Set.of("glance", "local", "dense"));

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("role 'dense'")
                .hasMessageContaining("1000 labels differ from the bundle's 6");
    }

    @Test
    void rejectsAnExternalGlanceBesideTheBuiltInLocal() throws IOException {
        Path dir = bundle("half", imagenet, List.of(0.3, 0.3, 0.0), Set.of("glance"));

        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("external glance needs an external local role");
    }

    private Path bundle(String name, List<String> labels, List<Double> thresholds, Set<String> external)
            throws IOException {
        Path data = SharedData.dir();
        ExternalModelSpec squeezenet = ExternalModelSpec.fromJson(
                """
        {"engine": "OnnxRuntime", "path": "%s", "inputNames": ["data_0"], "inputWidth": 224, "inputHeight": 224,
         "channelOrder": "BGR", "pixelScale": 1.0, "dtype": "float16", "resize": "stretch", "labels": "%s"}"""
                        .formatted(
                                data.resolve("models/squeezenet/SqueezeNet_fp16.onnx"),
                                data.resolve("models/squeezenet/Labels.txt")));
        Map<String, BundleManifest.Role> roles = new LinkedHashMap<>();
        for (String role : List.of("glance", "local", "dense")) {
            roles.put(
                    role,
                    external.contains(role)
                            ? new BundleManifest.Role(
                                    "squeezenet 1.0 (ONNX)",
                                    null,
                                    List.of(3, 224, 224),
                                    MACS_PER_IMAGE,
                                    "per image",
                                    squeezenet)
                            : new BundleManifest.Role("built-in", null, null, 0, null, null));
        }
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT,
                "external-test",
                null,
                null,
                0,
                labels,
                T,
                W,
                H,
                null,
                roles,
                new BundleManifest.PolicySpec(List.of(6, 5), List.of(64, 96, 128), 2, 64),
                thresholds,
                Map.of());
        Path dir = tmp.resolve(name);
        ModelBundle.writeManifest(dir, manifest);
        return dir;
    }
}
