package dev.saccade.datasets.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClassGroups;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teacher on a real video, the footage dataset built on its labels, and the shipped footage bundle against it. */
class FootageITCase {
    @TempDir
    static Path cache;

    static Path data;
    static Path video;
    static FootageDataset dataset;
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    static void label() throws Exception {
        String configured = System.getProperty("saccade.data.dir");
        data = Path.of(configured != null ? configured : "../../shared/data").toAbsolutePath();
        video = data.resolve("video/intel_car_topdown.mp4");
        assumeTrue(
                Files.isRegularFile(video) && Files.isRegularFile(data.resolve("models/yolox/yolox_nano.onnx")),
                "skipped: shared footage and the teacher model are absent (set -Dsaccade.data.dir)");
        dataset = FootageDataset.open(List.of(video), TeacherSettings.yoloxNano(data, 8), cache, progress::add);
    }

    @Test
    void teacherLabelsEveryFrameAndEveryWholeClipAndCachesThem() throws Exception {
        TeacherLabels labels = dataset.sources().get(0).labels();
        assertThat(labels.frames()).hasSize(377);
        assertThat(labels.clips()).hasSize(47);
        assertThat(labels.meta().width()).isEqualTo(768);
        assertThat(labels.meta().teacherMacsPerFrame() / 1e9).isBetween(0.50, 0.58);
        for (TeacherClip c : labels.clips()) {
            assertThat(c.lastFrame() - c.firstFrame()).isEqualTo(7);
            assertThat(ClassGroups.LABELS).contains(c.label());
            assertThat(c.counts()).containsOnlyKeys("person", "vehicle");
        }
        List<String> again = new ArrayList<>();
        TeacherLabels cached = new TeacherLabeler(TeacherSettings.yoloxNano(data, 8), cache, again::add).labels(video);
        assertThat(again).anyMatch(l -> l.contains("from cache"));
        assertThat(cached.clips()).isEqualTo(labels.clips());
    }

    @Test
    void theTeacherBatchedThroughPyTorchLabelsTheVideoAsOnnxRuntimeDoes(@TempDir Path otherCache) throws Exception {
        TeacherLabels onnx = dataset.sources().get(0).labels();
        List<String> log = new ArrayList<>();
        TeacherLabels batched = new TeacherLabeler(
                        TeacherSettings.yoloxNano(data, 8),
                        otherCache,
                        log::add,
                        new TeacherRuntime(TeacherRuntime.Engine.PYTORCH, "cpu", 8))
                .labels(video);
        assertThat(log).anyMatch(l -> l.contains("teacher on pytorch cpu batch 8"));
        assertThat(batched.meta().teacherRuntime()).isEqualTo("pytorch cpu batch 8");
        assertThat(onnx.meta().teacherRuntime()).isEqualTo("onnxruntime cpu batch 1");
        assertThat(batched.frames()).hasSameSizeAs(onnx.frames());
        for (int i = 0; i < onnx.frames().size(); i++) {
            assertThat(batched.frames().get(i).boxes())
                    .as("frame " + i)
                    .hasSameSizeAs(onnx.frames().get(i).boxes());
        }
        assertThat(batched.clips()).isEqualTo(onnx.clips());
    }

    @Test
    void clipsComeAtTheWorkingSizeSplitInTimeAndMirroredForTraining() {
        List<ClipRef> train = dataset.clips(Split.TRAIN);
        List<ClipRef> test = dataset.clips(Split.TEST);
        assertThat(test).hasSize(10).allSatisfy(r -> assertThat(r.clipIndex()).isGreaterThanOrEqualTo(37 * 8));
        assertThat(train).allSatisfy(r -> assertThat(r.clipIndex() + 8).isLessThanOrEqualTo(28 * 8));
        ClipData plain = dataset.load(train.get(0));
        ClipData mirrored = dataset.load(train.get(1));
        assertThat(train.get(1).clipIndex()).isEqualTo(train.get(0).clipIndex());
        assertThat(plain.frames().length).isEqualTo(9);
        assertThat(plain.width()).isEqualTo(FootageSource.WORK_WIDTH);
        assertThat(plain.height()).isEqualTo(FootageSource.WORK_HEIGHT);
        assertThat(mirrored.frames()[3]).isEqualTo(FootageDataset.mirrored(plain.frames()[3], 384, 288));
        assertThat(dataset.provenance()).containsKey("videos").containsKey("teacher_macs_per_clip");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theShippedFootageBundleAgreesWithTheTeacherAtAFractionOfItsCompute(@TempDir Path out) throws Exception {
        Path shipped = Path.of("../models/footage-bundle");
        assertThat(shipped.resolve(ModelBundle.MANIFEST))
                .as("the repo ships a footage bundle")
                .exists();
        try (ModelBundle bundle = ModelBundle.load(shipped)) {
            assertThat(bundle.counts()).as("with a count head").isNotNull();
            Map<String, Object> r =
                    FootageEvaluation.run(bundle, dataset, out.resolve("r.json"), "test", progress::add);
            Map<String, Object> adaptive = (Map<String, Object>) r.get("adaptive");
            Map<String, Object> teacher = (Map<String, Object>) r.get("teacher");
            Map<String, Object> motion = (Map<String, Object>) r.get("motion_gated");
            double a = (double) adaptive.get("gmacs_per_clip");
            assertThat((double) adaptive.get("agreement")).isGreaterThanOrEqualTo(0.9);
            assertThat((double) teacher.get("gmacs_per_clip") / a).isGreaterThanOrEqualTo(10);
            assertThat(a).isLessThan((double) motion.get("gmacs_per_clip"));
            assertThat(out.resolve("r.png")).exists();
        }
    }
}
