package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.GlanceStage;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Preprocess;
import dev.saccade.models.engine.Inference;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.ingest.FrameDecoder;
import dev.saccade.operators.media.BgrFrame;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.media.VideoFileReader;
import dev.saccade.schemas.FrameEncoding;
import dev.saccade.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * JPEG frames decoded at half size by DCT scaling give the glance what a full decode gives it, within stated bounds:
 * the glance's 96x72 input, its decisions and labels; the full-size frame the focus stage cuts patches from is the full
 * decode's, bit for bit.
 */
class ReducedDecodeTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int T = 8;

    private final OperatorSettings settings = OperatorSettings.from(new Configuration());
    private final FrameDecoder decoder = new FrameDecoder(settings);

    private static VideoFrame jpeg(byte[] bgr, long seq) {
        return VideoFrame.newBuilder()
                .setStreamId("cam")
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(seq * 100))
                .setWidth(W)
                .setHeight(H)
                .setEncoding(FrameEncoding.JPEG)
                // quality 90, as the benches' producers send
                .setPayload(ByteBuffer.wrap(ImageCodec.encodeJpeg(bgr, W, H, 90)))
                .setMetadata(null)
                .build();
    }

    /** One clip's T+1 frames through both decodes: {full model frames, half-size model frames}. */
    private byte[][][] decodeBoth(byte[][] bgr) throws Exception {
        byte[][] full = new byte[bgr.length][];
        byte[][] half = new byte[bgr.length][];
        for (int i = 0; i < bgr.length; i++) {
            VideoFrame f = jpeg(bgr[i], i);
            FrameDecoder.Decoded d = decoder.decode(f, W, H);
            FrameDecoder.Decoded r = decoder.decode(jpeg(bgr[i], i), W, H, 2);
            full[i] = d.model();
            half[i] = r.model();
            assertThat(r.model()).hasSize(W / 2 * H / 2 * 3);
            // what focus decodes again is the full decode's model frame exactly
            assertThat(FrameDecoder.fullModelFrame(r.full(), r.fullEncoding(), W, H))
                    .isEqualTo(d.model());
        }
        return new byte[][][] {full, half};
    }

    /**
     * Absolute differences of two glance inputs in grey levels (the input is pixel / 255 - 0.5; the difference
     * channel is 4x the grey change above a floor, so it is divided by 4), colour channels and difference channel
     * apart.
     */
    private static final class InputDifference {
        final List<Double> colour = new ArrayList<>();
        final List<Double> difference = new ArrayList<>();

        void add(byte[][] full, byte[][] half) {
            float[] a = Preprocess.glanceInput(Preprocess.concat(Arrays.asList(full)), T, H, W);
            float[] b = Preprocess.glanceInput(Preprocess.concat(Arrays.asList(half)), T, H / 2, W / 2);
            int plane = a.length / T / 4;
            for (int i = 0; i < a.length; i++) {
                boolean diffChannel = (i / plane) % 4 == 3;
                double d = Math.abs(a[i] - b[i]) * 255;
                (diffChannel ? difference : colour).add(diffChannel ? d / 4 : d);
            }
        }

        static double mean(List<Double> v) {
            return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        static double quantile(List<Double> v, double q) {
            double[] sorted =
                    v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }

        void check(String what) {
            System.out.printf(
                    "reduced decode, %s: glance input |diff| colour mean %.3f p99 %.2f max %.2f; difference channel "
                            + "mean %.3f p99 %.2f max %.2f (grey levels)%n",
                    what,
                    mean(colour),
                    quantile(colour, 0.99),
                    quantile(colour, 1.0),
                    mean(difference),
                    quantile(difference, 0.99),
                    quantile(difference, 1.0));
            assertThat(mean(colour))
                    .as("mean |difference| of the colour input, grey levels")
                    .isLessThan(COLOUR_MEAN);
            assertThat(quantile(colour, 0.99)).as("p99 of it").isLessThan(COLOUR_P99);
            assertThat(mean(difference))
                    .as("mean |difference| of the difference channel, grey levels")
                    .isLessThan(DIFFERENCE_MEAN);
            assertThat(quantile(difference, 0.99)).as("p99 of it").isLessThan(DIFFERENCE_P99);
        }
    }

    // the bounds the reduced decode is held to (the full decode's input against the half-size decode's, 96x72)
    // (measured: colour mean 1.1 / 1.4, p99 10 / 15; difference channel mean 0.04 / 0.14, p99 0.4 / 3.3 on the
    // synthetic scenes / opencv_vtest.avi): the bins of a 160-pixel row average slightly different source pixels
    static final double COLOUR_MEAN = 2.0;
    static final double COLOUR_P99 = 20;
    static final double DIFFERENCE_MEAN = 0.25;
    static final double DIFFERENCE_P99 = 5;

    @Test
    void theGlanceSeesWhatAFullDecodeGivesIt() throws Exception {
        List<ClipData> fullClips = new ArrayList<>();
        List<ClipData> halfClips = new ArrayList<>();
        InputDifference diff = new InputDifference();
        for (long seed = 1; seed <= 4; seed++) {
            for (ClipData c : SceneClips.first(seed, 4, T)) {
                byte[][][] both = decodeBoth(c.frames());
                diff.add(both[0], both[1]);
                fullClips.add(new ClipData(c.ref(), W, H, both[0], c.boxes(), c.active()));
                halfClips.add(new ClipData(c.ref(), W / 2, H / 2, both[1], c.boxes(), c.active()));
            }
        }
        diff.check("synthetic scenes");

        compareGlances("synthetic scenes", fullClips, halfClips, 0, 0.05);
    }

    /**
     * The glance on the full decode's clips and on the half-size decode's: the same top-1 label and exit decision for
     * every clip but {@code allowedChanges}, every probability within {@code probabilityBound}, the looks inside the full frame.
     */
    private static void compareGlances(
            String what,
            List<ClipData> fullClips,
            List<ClipData> halfClips,
            int allowedChanges,
            double probabilityBound)
            throws Exception {
        try (ModelBundle bundle = ModelBundle.load(FocusOperatorTest.BUNDLE);
                NDManager m = Inference.newManager()) {
            GlanceStage glance = new GlanceStage(bundle.nets(), bundle.thresholds()[0]);
            List<GlanceStage.Glance> a = glance.run(m, fullClips);
            List<GlanceStage.Glance> b = glance.run(m, halfClips, W, H);
            int sameLabel = 0;
            int sameExit = 0;
            double maxProb = 0;
            for (int i = 0; i < a.size(); i++) {
                sameLabel += a.get(i).label() == b.get(i).label() ? 1 : 0;
                sameExit += a.get(i).decided() == b.get(i).decided() ? 1 : 0;
                for (int k = 0; k < a.get(i).probabilities().length; k++) {
                    maxProb = Math.max(
                            maxProb,
                            Math.abs(a.get(i).probabilities()[k] - b.get(i).probabilities()[k]));
                }
                if (!b.get(i).decided()) {
                    // the looks are placed in the full frame, whatever size the glance saw
                    for (var look : b.get(i).plan()) {
                        assertThat(look.box().x() + look.box().size()).isLessThanOrEqualTo(W);
                        assertThat(look.box().y() + look.box().size()).isLessThanOrEqualTo(H);
                    }
                }
            }
            System.out.printf(
                    "reduced decode, %s: %d clips, same label %d, same exit %d, max |p diff| %.4f%n",
                    what, a.size(), sameLabel, sameExit, maxProb);
            assertThat(sameLabel)
                    .as("clips with the full decode's top-1 label")
                    .isGreaterThanOrEqualTo(a.size() - allowedChanges);
            assertThat(sameExit)
                    .as("clips with the full decode's exit decision")
                    .isGreaterThanOrEqualTo(a.size() - allowedChanges);
            assertThat(maxProb).as("largest change of a glance probability").isLessThan(probabilityBound);
        }
    }

    @Test
    void realFootageStaysWithinTheSameBound() throws Exception {
        Path video = Path.of(System.getProperty("saccade.data.dir", "../shared/data"), "video/opencv_vtest.avi");
        Assumptions.assumeTrue(Files.isRegularFile(video), "skipped: " + video + " not found (shared data)");
        InputDifference diff = new InputDifference();
        List<ClipData> fullClips = new ArrayList<>();
        List<ClipData> halfClips = new ArrayList<>();
        dev.saccade.models.data.ObjectBox[] boxes = new dev.saccade.models.data.ObjectBox[T];
        try (VideoFileReader reader = new VideoFileReader(video.toString(), W, H)) {
            for (int c = 0; c < 12; c++) {
                byte[][] bgr = new byte[T + 1][];
                for (int i = 0; i <= T; i++) {
                    BgrFrame f = reader.next();
                    Assumptions.assumeTrue(f != null, "the video ended early");
                    bgr[i] = f.bgr();
                }
                byte[][][] both = decodeBoth(bgr);
                diff.add(both[0], both[1]);
                var ref = new dev.saccade.models.data.ClipRef(0, c, -1);
                fullClips.add(new ClipData(ref, W, H, both[0], boxes, new boolean[T]));
                halfClips.add(new ClipData(ref, W / 2, H / 2, both[1], boxes, new boolean[T]));
            }
        }
        diff.check("opencv_vtest.avi");
        // footage the synthetic bundle never saw moves its probabilities more (measured 0.12), its decisions not
        compareGlances("opencv_vtest.avi", fullClips, halfClips, 0, 0.15);
    }
}
