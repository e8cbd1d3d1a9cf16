package dev.saccade.cli.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn with XChart like {@code ./saccade eval}'s own and written as PNG files. */
public final class ReportCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportCharts() {}

    /** Accuracy (or agreement) against GMACs per clip: one marker per mode or baseline, the sweep as a line. */
    public static void cost(EvalInput eval, Path file) throws IOException {
        boolean log = eval.rows().stream().allMatch(r -> r.gmacsPerClip() > 0)
                && eval.sweep().stream().allMatch(p -> p[0] > 0);
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(cap(eval.metric()) + " against GMACs per clip")
                .xAxisTitle("GMACs per clip" + (log ? " (log scale)" : ""))
                .yAxisTitle(eval.metric().equals("agreement") ? "agreement with the teacher" : "accuracy")
                .build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setXAxisLogarithmic(log);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // a range around the points, padded, so that equal scores (all 1.0, say) still get an axis
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EvalInput.Row r : eval.rows()) {
            lo = Math.min(lo, r.metric());
            hi = Math.max(hi, r.metric());
        }
        for (double[] p : eval.sweep()) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        double pad = Math.max(0.005, (hi - lo) * 0.1);
        chart.getStyler().setYAxisMin(lo - pad);
        chart.getStyler().setYAxisMax(hi + pad);
        if (!eval.sweep().isEmpty()) {
            List<double[]> sweep = new ArrayList<>(eval.sweep());
            sweep.sort(Comparator.comparingDouble(p -> p[0]));
            XYSeries line = chart.addSeries(
                    "adaptive, thresholds swept",
                    sweep.stream().mapToDouble(p -> p[0]).toArray(),
                    sweep.stream().mapToDouble(p -> p[1]).toArray());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(new Color(150, 170, 200));
            line.setMarkerColor(new Color(150, 170, 200));
        }
        for (EvalInput.Row r : eval.rows()) {
            XYSeries p = chart.addSeries(
                    String.format("%s (%.3f at %.3f GMACs)", r.name(), r.metric(), r.gmacsPerClip()),
                    new double[] {r.gmacsPerClip()},
                    new double[] {r.metric()});
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.DIAMOND);
        }
        write(chart, file);
    }

    /** Where clips exited, one bar group per stage and one colour per mode that reports exits. */
    public static boolean exits(EvalInput eval, Path file) throws IOException {
        Map<String, Map<String, Double>> byMode = new LinkedHashMap<>();
        for (EvalInput.Row r : eval.rows()) {
            if (!r.exitFraction().isEmpty()) {
                byMode.put(r.name(), r.exitFraction());
            }
        }
        return exitBars("Exit distribution: share of clips decided at each stage", byMode, file);
    }

    /** Bars of the share of clips each stage decided, per mode; false (nothing written) when there are none. */
    public static boolean exitBars(String title, Map<String, Map<String, Double>> byMode, Path file)
            throws IOException {
        if (byMode.isEmpty()) {
            return false;
        }
        Set<String> stages = new LinkedHashSet<>();
        byMode.values().forEach(m -> stages.addAll(m.keySet()));
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("deciding stage")
                .yAxisTitle("share of clips")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.00");
        List<String> x = new ArrayList<>(stages);
        byMode.forEach((mode, fractions) -> {
            List<Number> y = new ArrayList<>();
            x.forEach(stage -> y.add(fractions.getOrDefault(stage, 0.0)));
            chart.addSeries(mode, x, y);
        });
        write(chart, file);
        return true;
    }

    /** A confusion matrix as a heat map with the counts written in its cells; first class at the top. */
    public static void confusion(EvalInput.Confusion c, Path file) throws IOException {
        int n = c.labels().size();
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(Math.max(WIDTH, 120 + 90 * n))
                .height(Math.max(HEIGHT, 120 + 60 * n))
                .title("Confusion: " + c.title())
                .xAxisTitle("predicted")
                .yAxisTitle("true")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(245, 248, 255), new Color(40, 90, 180)});
        List<String> rowsTopDown = new ArrayList<>(c.labels());
        List<String> yLabels = new ArrayList<>(rowsTopDown);
        java.util.Collections.reverse(yLabels);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n && j < c.counts()[i].length; j++) {
                cells.add(new Number[] {j, n - 1 - i, c.counts()[i][j]});
                max = Math.max(max, c.counts()[i][j]);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.addSeries("counts", c.labels(), yLabels, cells);
        write(chart, file);
    }

    /** Latency CDF per mode: the full CDF where the bench JSON has one, else its p50 and p99 as points. */
    public static void latencyCdf(Map<String, List<double[]>> byMode, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Event latency: capture of a clip's last frame to its decision")
                .xAxisTitle("latency (ms)")
                .yAxisTitle("share of clips decided within")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        byMode.forEach((mode, points) -> {
            XYSeries series = chart.addSeries(
                    mode,
                    points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
            boolean full = points.size() > 2;
            series.setXYSeriesRenderStyle(
                    full ? XYSeries.XYSeriesRenderStyle.Step : XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(full ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        });
        write(chart, file);
    }

    /** One bar per mode of a bench figure (frames per second, GMACs per clip...). */
    public static void bars(String title, String yTitle, Map<String, Double> byMode, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("mode")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.###");
        chart.addSeries(yTitle, new ArrayList<>(byMode.keySet()), new ArrayList<Number>(byMode.values()));
        write(chart, file);
    }

    private static void write(Chart<?, ?> chart, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // the stream overload: the file-name one appends ".png" to names lacking it
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
