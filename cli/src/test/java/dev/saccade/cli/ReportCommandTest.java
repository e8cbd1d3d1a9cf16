package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./saccade report on small eval JSONs of both workloads and a bench pipeline JSON. */
class ReportCommandTest {
    private static final Pattern IMG = Pattern.compile("<img[^>]+src=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void syntheticAndFootageEvalsGiveAPageWithItsImages() throws Exception {
        Path synthetic = resource("synthetic-eval.json");
        Path footage = resource("footage-eval.json");
        Path out = dir.resolve("report");

        int rc = SaccadeCli.commandLine()
                .execute(
                        "report",
                        "--eval",
                        synthetic.toString(),
                        "--eval",
                        footage.toString(),
                        "--out",
                        out.toString());

        assertThat(rc).isZero();
        String html = Files.readString(out.resolve("index.html"));
        List<String> images = images(html);
        // per eval: cost plot, exits, confusion matrices (dense and adaptive; adaptive against the teacher)
        assertThat(images).hasSize(7);
        for (String img : images) {
            assertThat(out.resolve(img)).exists();
            assertThat(ImageIO.read(out.resolve(img).toFile()).getWidth()).isGreaterThanOrEqualTo(800);
        }
        assertThat(html)
                .contains("synthetic-eval.json", "footage-eval.json")
                .contains("<td>dense</td><td>0.963</td>", "<td>adaptive</td><td>0.980</td>", "28.9x less")
                .contains("<td>teacher</td>", "<td>blind_skip</td>", "<td>motion_gated</td>")
                .contains("Recall per class", "walk-left");
    }

    @Test
    void benchPipelineGivesALatencyCdf() throws Exception {
        Path bench = dir.resolve("bench.json");
        Files.writeString(
                bench,
                """
                {"dense": {"frames_per_s": 40.0, "accuracy": 0.9, "gmacs_per_clip": 1.43,
                           "latency_ms_p50": 2100, "latency_ms_p99": 4000, "peak_rss_mb": 900,
                           "exit_fraction": {"dense": 1.0}},
                 "adaptive": {"frames_per_s": 400.0, "accuracy": 0.95, "gmacs_per_clip": 0.05,
                              "latency_ms_p50": 1500, "latency_ms_p99": 2600, "peak_rss_mb": 800,
                              "latency_ms_cdf": [[900, 0.1], [1500, 0.5], [2600, 0.99], [2700, 1.0]],
                              "exit_fraction": {"glance": 0.7, "motion": 0.3}},
                 "setup": {"streams": 8, "live_fps_per_stream": 10.0, "live_duration_s": 60, "parallelism": 2,
                           "cores": 2}}
                """);
        Path out = dir.resolve("bench-report");

        int rc = SaccadeCli.commandLine().execute("report", "--bench", bench.toString(), "--out", out.toString());

        assertThat(rc).isZero();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(images(html)).containsExactly("bench1-latency-cdf.png", "bench1-fps.png", "bench1-exits.png");
        assertThat(out.resolve("bench1-latency-cdf.png")).exists();
        assertThat(html).contains("<td>adaptive</td><td>400.0</td>");
    }

    @Test
    void samplesNamedInTheEvalJsonBecomeAGalleryAndAnOlderJsonSaysItHasNone() throws Exception {
        Path evalDir = Files.createDirectories(dir.resolve("evals"));
        Path json = evalDir.resolve("r.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(resource("synthetic-eval.json").toFile());
        Files.createDirectories(evalDir.resolve("r.samples"));
        var samples = root.putObject("samples");
        samples.put("dir", "r.samples");
        var clips = samples.putArray("clips");
        String[][] kept = {
            {"01-correct-at-glance.jpg", "correct at glance", "clip 3 (seed 7)", "walk-left", "walk-left", "glance"},
            {"02-wrong-at-a-focus-exit.jpg", "wrong at a focus exit", "clip 9 (seed 7)", "run", "walk-left", "focus-2"}
        };
        for (String[] k : kept) {
            java.awt.image.BufferedImage img =
                    new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
            ImageIO.write(img, "jpg", evalDir.resolve("r.samples").resolve(k[0]).toFile());
            var c = clips.addObject();
            c.put("file", "r.samples/" + k[0]);
            c.put("kind", k[1]);
            c.put("clip", k[2]);
            c.put("truth", k[3]);
            c.put("label", k[4]);
            c.put("confidence", 0.875);
            c.put("stage", k[5]);
            c.put("gmacs", 0.0612);
        }
        mapper.writeValue(json.toFile(), root);
        Path out = dir.resolve("gallery-report");

        int rc = SaccadeCli.commandLine()
                .execute(
                        "report",
                        "--eval",
                        json.toString(),
                        "--eval",
                        resource("footage-eval.json").toString(),
                        "--out",
                        out.toString());

        assertThat(rc).isZero();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(images(html)).contains("eval1-sample-1.jpg", "eval1-sample-2.jpg");
        assertThat(out.resolve("eval1-sample-1.jpg")).exists();
        assertThat(out.resolve("eval1-sample-2.jpg"))
                .hasSameBinaryContentAs(evalDir.resolve("r.samples/" + kept[1][0]));
        assertThat(html)
                .contains("<b class=\"ok\">correct at glance</b> clip 3 (seed 7): truth walk-left, label walk-left"
                        + " 0.88 at glance, 0.061 GMACs")
                .contains("<b class=\"bad\">wrong at a focus exit</b> clip 9 (seed 7): truth run, label walk-left")
                .contains("changed tiles of the frame differencing");
        // the footage JSON predates samples: its section says so, and the report does not fail
        int second = html.indexOf("footage-eval.json");
        assertThat(html.substring(second)).contains("names no sample clips");
        assertThat(html.substring(0, second)).doesNotContain("names no sample clips");
    }

    @Test
    void aFileThatIsNoEvalIsRefusedWithItsName() throws Exception {
        Path bogus = dir.resolve("bogus.json");
        Files.writeString(bogus, "{\"hello\": 1}");
        int rc = SaccadeCli.commandLine()
                .execute(
                        "report",
                        "--eval",
                        bogus.toString(),
                        "--out",
                        dir.resolve("r").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(SaccadeCli.commandLine()
                        .execute("report", "--out", dir.resolve("r").toString()))
                .isEqualTo(2);
    }

    private static List<String> images(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ReportCommandTest.class.getResource("/report/" + name).toURI());
    }
}
