package dev.saccade.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.net.FoldedEncoder;
import dev.saccade.models.skipconv.EngineEncoder;
import dev.saccade.models.skipconv.GlanceFrames;
import dev.saccade.models.skipconv.SkipConvNetwork;
import dev.saccade.models.skipconv.SkipConvSettings;
import dev.saccade.models.skipconv.SkipConvState;
import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.media.VideoFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Skip-convolutions at epsilon 0 reproduce the shipped f_G's dense maps on 300 real frames (opencv_vtest.avi). */
class SkipConvOnVideoTest {
    private static final int W = 320;
    private static final int H = 240;

    @Test
    void epsilonZeroMatchesTheEngineOnEveryFrame() throws Exception {
        String dataDir = System.getProperty("saccade.data.dir", "../shared/data");
        Path video = Path.of(dataDir, "video", "opencv_vtest.avi");
        assumeTrue(
                Files.isRegularFile(video),
                () -> "skipped: shared footage " + video + " is absent "
                        + "(set -Dsaccade.data.dir to the folder holding video/opencv_vtest.avi)");
        Path bundleDir = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "models", "bundle");
        if (!Files.isDirectory(bundleDir)) {
            bundleDir = Path.of("..", "models", "bundle");
        }
        double worst = 0;
        long skipMacs = 0;
        long denseMacs = 0;
        int frames = 0;
        try (ModelBundle bundle = ModelBundle.load(bundleDir);
                NDManager manager = NDManager.newBaseManager("PyTorch");
                VideoFileReader reader = new VideoFileReader(video.toString())) {
            FoldedEncoder folded =
                    FoldedEncoder.fold(bundle.nets().glanceBlock().encoder());
            try (EngineEncoder engine = new EngineEncoder(folded, manager);
                    SkipConvNetwork skip = new SkipConvNetwork(
                            folded,
                            H,
                            W,
                            GlanceFrames.CHANNELS,
                            SkipConvSettings.defaults().withEpsilon(0f))) {
                long[] os = engine.outputShape(GlanceFrames.CHANNELS, H, W);
                SkipConvState state = skip.newState();
                GlanceFrames glance = new GlanceFrames(W, H);
                for (BgrFrame f = reader.next(); f != null && frames < 300; f = reader.next(), frames++) {
                    float[] in = glance.next(ImageCodec.resizeBgr(f.bgr(), f.width(), f.height(), W, H));
                    float[] skipped = skip.run(state, in, false);
                    float[] dense = GlanceFrames.toHwc(
                            engine.forward(
                                    GlanceFrames.toChw(in, H, W, GlanceFrames.CHANNELS), GlanceFrames.CHANNELS, H, W),
                            (int) os[1],
                            (int) os[2],
                            (int) os[0]);
                    double maxDiff = 0;
                    double maxRef = 0;
                    for (int i = 0; i < dense.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(skipped[i] - dense[i]));
                        maxRef = Math.max(maxRef, Math.abs(dense[i]));
                    }
                    worst = Math.max(worst, maxDiff / maxRef);
                    if (frames > 0) {
                        skipMacs += skip.lastStats().macs();
                        denseMacs += skip.lastStats().denseMacs();
                    }
                }
            }
        }
        assertThat(frames).isEqualTo(300);
        assertThat(worst)
                .as("max relative error against the dense engine over 300 frames")
                .isLessThanOrEqualTo(1e-4);
        // sensor noise changes a quarter of the pixels every frame, so at epsilon 0 most windows reopen; the dense
        // fallback keeps the work at or below a dense pass
        assertThat(skipMacs)
                .as("MACs at epsilon 0 never exceed dense")
                .isPositive()
                .isLessThanOrEqualTo(denseMacs);
    }
}
