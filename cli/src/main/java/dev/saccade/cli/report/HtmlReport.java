package dev.saccade.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./saccade report}: one static {@code index.html} with its plots as PNG files beside it, from eval JSONs
 * (synthetic or footage) and {@code bench pipeline} JSONs. Opens from disk; nothing is fetched.
 */
public final class HtmlReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final StringBuilder body = new StringBuilder();
    private final List<String> images = new ArrayList<>();

    private HtmlReport(Path out) {
        this.out = out;
    }

    /** Writes DIR/index.html and its images; returns the images written, relative to DIR. */
    public static List<String> write(List<Path> evals, List<Path> benches, Path out, String command)
            throws IOException {
        Files.createDirectories(out);
        HtmlReport r = new HtmlReport(out);
        int i = 0;
        for (Path eval : evals) {
            r.eval(EvalInput.read(eval), "eval" + (++i));
        }
        i = 0;
        for (Path bench : benches) {
            r.bench(bench, JSON.readTree(bench.toFile()), "bench" + (++i));
        }
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Saccade report</title><style>" + CSS + "</style></head><body>\n"
                + "<h1>Saccade report</h1>\n<p class=\"muted\">Written "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + " by <code>" + esc(command) + "</code>.</p>\n" + r.body + "</body></html>\n";
        Files.writeString(out.resolve("index.html"), html, StandardCharsets.UTF_8);
        return r.images;
    }

    private void eval(EvalInput e, String prefix) throws IOException {
        JsonNode root = e.root();
        String model = root.path("model").path("version").asText("");
        body.append("<section><h2>Eval: ")
                .append(esc(e.file().getFileName().toString()))
                .append("</h2>\n");
        body.append("<p class=\"muted\">").append(e.workload()).append(" workload");
        if (root.path("clips").isNumber()) {
            body.append(", ")
                    .append(root.get("clips").asLong())
                    .append(" ")
                    .append(esc(root.path("split").asText("")))
                    .append(" clips");
        }
        if (root.path("videos").isArray()) {
            List<String> videos = new ArrayList<>();
            root.get("videos").forEach(v -> videos.add(v.asText()));
            body.append(" from ").append(esc(String.join(", ", videos)));
        }
        if (!model.isEmpty()) {
            body.append(", model <code>").append(esc(model)).append("</code>");
        }
        body.append(".</p>\n");
        rowsTable(e);
        figure(
                prefix + "-cost.png",
                cap(e.metric()) + " against GMACs per clip for every mode and baseline",
                f -> ReportCharts.cost(e, f));
        Path exits = out.resolve(prefix + "-exits.png");
        if (ReportCharts.exits(e, exits)) {
            addImage(prefix + "-exits.png", "Exit distribution: share of clips each stage decided");
        }
        int k = 0;
        for (EvalInput.Confusion c : e.confusions()) {
            String name = prefix + "-confusion-" + (++k) + ".png";
            figure(name, "Confusion matrix, " + c.title(), f -> ReportCharts.confusion(c, f));
        }
        if (!e.perClass().isEmpty()) {
            perClassTable(e.perClass());
        }
        gallery(e, prefix);
        body.append("</section>\n");
    }

    /**
     * The eval's sample clips, copied beside index.html with a caption each; an eval JSON without samples (written
     * before eval kept them, or with --samples 0) gets a line saying so.
     */
    private void gallery(EvalInput e, String prefix) throws IOException {
        body.append("<h3>Gallery of sample clips</h3>\n");
        JsonNode clips = e.root().path("samples").path("clips");
        if (!clips.isArray() || clips.isEmpty()) {
            body.append("<p class=\"muted\">This eval JSON names no sample clips (it was written before "
                    + "<code>./saccade eval</code> kept them, or with <code>--samples 0</code>): rerun the eval for a "
                    + "gallery.</p>\n");
            return;
        }
        Path base = e.file().toAbsolutePath().getParent();
        body.append("<p class=\"muted\">Every frame of each clip, drawn as the live view draws it: changed tiles of "
                + "the frame differencing in translucent violet, the policy's patches in amber with their pyramid "
                + "level (L0 the smallest), the detector's boxes, and a banner with the label, confidence, deciding "
                + "stage and the truth (the teacher's label for footage).</p>\n<div class=\"gallery\">\n");
        int k = 0;
        int missing = 0;
        for (JsonNode c : clips) {
            Path from = base.resolve(c.path("file").asText(""));
            if (c.path("file").asText("").isEmpty() || !Files.isRegularFile(from)) {
                missing++;
                continue;
            }
            String name = prefix + "-sample-" + (++k) + ".jpg";
            Files.copy(from, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            images.add(name);
            boolean right = c.path("label").asText().equals(c.path("truth").asText());
            String caption = c.path("clip").asText() + ": truth "
                    + c.path("truth").asText() + ", label "
                    + c.path("label").asText() + " " + num(c.path("confidence").asDouble(), 2) + " at "
                    + c.path("stage").asText() + ", " + num(c.path("gmacs").asDouble(), 3) + " GMACs";
            body.append("<figure class=\"sample\"><figcaption><b class=\"")
                    .append(right ? "ok" : "bad")
                    .append("\">")
                    .append(esc(c.path("kind").asText()))
                    .append("</b> ")
                    .append(esc(caption))
                    .append("</figcaption><img src=\"")
                    .append(esc(name))
                    .append("\" alt=\"")
                    .append(esc(caption))
                    .append("\"></figure>\n");
        }
        body.append("</div>\n");
        if (missing > 0) {
            body.append("<p class=\"muted\">")
                    .append(missing)
                    .append(" sample image(s) named in the JSON were not found beside it.</p>\n");
        }
    }

    private void rowsTable(EvalInput e) {
        EvalInput.Row ref = e.reference();
        body.append("<table><tr><th>mode</th><th>").append(e.metric()).append("</th><th>GMACs per clip</th>");
        if (ref != null) {
            body.append("<th>against ").append(esc(ref.name())).append("</th>");
        }
        body.append("</tr>\n");
        for (EvalInput.Row r : e.rows()) {
            body.append("<tr><td>")
                    .append(esc(r.name()))
                    .append("</td><td>")
                    .append(num(r.metric(), 3))
                    .append("</td><td>")
                    .append(num(r.gmacsPerClip(), 4))
                    .append("</td>");
            if (ref != null) {
                String saving = r == ref || r.gmacsPerClip() <= 0
                        ? "–"
                        : String.format(Locale.ROOT, "%.1fx less", ref.gmacsPerClip() / r.gmacsPerClip());
                body.append("<td>").append(saving).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
    }

    private void perClassTable(Map<String, Map<String, Double>> perClass) {
        List<String> classes = new ArrayList<>();
        perClass.values()
                .forEach(m ->
                        m.keySet().stream().filter(c -> !classes.contains(c)).forEach(classes::add));
        body.append("<h3>Recall per class</h3>\n<table><tr><th>mode</th>");
        classes.forEach(c -> body.append("<th>").append(esc(c)).append("</th>"));
        body.append("</tr>\n");
        perClass.forEach((mode, m) -> {
            body.append("<tr><td>").append(esc(mode)).append("</td>");
            classes.forEach(c -> body.append("<td>")
                    .append(m.containsKey(c) ? num(m.get(c), 3) : "–")
                    .append("</td>"));
            body.append("</tr>\n");
        });
        body.append("</table>\n");
    }

    private void bench(Path file, JsonNode root, String prefix) throws IOException {
        Map<String, JsonNode> modes = new LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            if (f.getValue().isObject() && f.getValue().has("latency_ms_p50")) {
                modes.put(f.getKey(), f.getValue());
            }
        });
        if (modes.isEmpty()) {
            throw new IOException(file + " has no mode with latency_ms_p50: not a ./saccade bench pipeline JSON");
        }
        JsonNode setup = root.path("setup");
        body.append("<section><h2>Bench pipeline: ")
                .append(esc(file.getFileName().toString()))
                .append("</h2>\n");
        if (setup.isObject()) {
            body.append("<p class=\"muted\">")
                    .append(setup.path("streams").asInt())
                    .append(" streams at ")
                    .append(num(setup.path("live_fps_per_stream").asDouble(), 1))
                    .append(" fps for ")
                    .append(setup.path("live_duration_s").asLong())
                    .append(" s, parallelism ")
                    .append(setup.path("parallelism").asInt())
                    .append(", ")
                    .append(setup.path("cores").asInt())
                    .append(" cores.</p>\n");
        }
        body.append("<table><tr><th>mode</th><th>frames/s</th><th>accuracy</th><th>GMACs per clip</th>"
                + "<th>latency p50 (ms)</th><th>latency p99 (ms)</th><th>peak RSS (MB)</th></tr>\n");
        Map<String, List<double[]>> cdfs = new LinkedHashMap<>();
        Map<String, Double> fps = new LinkedHashMap<>();
        Map<String, Map<String, Double>> exits = new LinkedHashMap<>();
        modes.forEach((mode, m) -> {
            body.append("<tr><td>")
                    .append(esc(mode))
                    .append("</td><td>")
                    .append(num(m.path("frames_per_s").asDouble(), 1))
                    .append("</td><td>")
                    .append(num(m.path("accuracy").asDouble(), 3))
                    .append("</td><td>")
                    .append(num(m.path("gmacs_per_clip").asDouble(), 4))
                    .append("</td><td>")
                    .append(num(m.path("latency_ms_p50").asDouble(), 0))
                    .append("</td><td>")
                    .append(num(m.path("latency_ms_p99").asDouble(), 0))
                    .append("</td><td>")
                    .append(num(m.path("peak_rss_mb").asDouble(), 0))
                    .append("</td></tr>\n");
            cdfs.put(mode, cdf(m));
            fps.put(mode, m.path("frames_per_s").asDouble());
            Map<String, Double> ex = new LinkedHashMap<>();
            m.path("exit_fraction")
                    .fields()
                    .forEachRemaining(f -> ex.put(f.getKey(), f.getValue().asDouble()));
            if (!ex.isEmpty()) {
                exits.put(mode, ex);
            }
        });
        body.append("</table>\n");
        boolean full = cdfs.values().stream().allMatch(p -> p.size() > 2);
        figure(
                prefix + "-latency-cdf.png",
                "Latency CDF per mode"
                        + (full
                                ? ""
                                : " (this bench JSON has only p50 and p99: rerun the bench for the"
                                        + " whole distribution)"),
                f -> ReportCharts.latencyCdf(cdfs, f));
        figure(
                prefix + "-fps.png",
                "Frames per second each mode sustained",
                f -> ReportCharts.bars("Frames per second sustained", "frames/s", fps, f));
        if (ReportCharts.exitBars("Deciding stage of the bench's clips", exits, out.resolve(prefix + "-exits.png"))) {
            addImage(prefix + "-exits.png", "Deciding stage per mode");
        }
        body.append("</section>\n");
    }

    /** {latency ms, share of clips} points: the bench's whole CDF where it wrote one, else p50 and p99. */
    static List<double[]> cdf(JsonNode mode) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode p : mode.path("latency_ms_cdf")) {
            if (p.isArray() && p.size() == 2) {
                points.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
            }
        }
        if (points.isEmpty()) {
            points.add(new double[] {mode.path("latency_ms_p50").asDouble(), 0.5});
            points.add(new double[] {mode.path("latency_ms_p99").asDouble(), 0.99});
        }
        return points;
    }

    private interface Plot {
        void draw(Path file) throws IOException;
    }

    private void figure(String name, String caption, Plot plot) throws IOException {
        plot.draw(out.resolve(name));
        addImage(name, caption);
    }

    private void addImage(String name, String caption) {
        images.add(name);
        body.append("<figure><img src=\"")
                .append(esc(name))
                .append("\" alt=\"")
                .append(esc(caption))
                .append("\"><figcaption>")
                .append(esc(caption))
                .append("</figcaption></figure>\n");
    }

    private static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = "body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:24px auto;"
            + "padding:0 16px;color:#1d2330}h1{margin-bottom:0}.muted{color:#6b7385}section{margin:28px 0;"
            + "border-top:1px solid #dde2ea}table{border-collapse:collapse;margin:10px 0}th,td{border:1px solid "
            + "#dde2ea;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}"
            + "th{background:#f3f5f9}figure{display:inline-block;margin:10px 16px 10px 0;vertical-align:top}"
            + "img{max-width:100%;border:1px solid #dde2ea}figcaption{color:#6b7385;font-size:13px;max-width:800px}"
            + "figure.sample{display:block;margin:14px 0}figure.sample figcaption{max-width:none;margin-bottom:4px}"
            + "b.ok{color:#1b7f3b}b.bad{color:#b3261e}";
}
