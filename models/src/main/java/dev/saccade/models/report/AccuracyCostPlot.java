package dev.saccade.models.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws accuracy against GMACs per clip: the adaptive sweep, the dense baseline, the chosen point. */
public final class AccuracyCostPlot {

    /** Image width in pixels. */
    public static final int WIDTH = 800;

    /** Image height in pixels. */
    public static final int HEIGHT = 600;

    /** Legend label of the dense baseline. */
    public static final String DENSE_LABEL = "dense (full model on every frame)";

    private AccuracyCostPlot() {}

    /** Writes the plot as an 800x600 PNG, without a highlighted operating point. */
    public static void writePng(Path file, List<SweepPoint> adaptiveSweep, double denseAccuracy, double denseGmacs)
            throws IOException {
        writePng(file, adaptiveSweep, denseAccuracy, denseGmacs, null);
    }

    /**
     * Writes the plot as an 800x600 PNG to exactly {@code file} (whatever its extension), creating
     * parent directories. Points with a non-finite coordinate are left out.
     *
     * @param chosen operating point to highlight, or null
     */
    public static void writePng(
            Path file, List<SweepPoint> adaptiveSweep, double denseAccuracy, double denseGmacs, SweepPoint chosen)
            throws IOException {
        XYChart chart = chart(adaptiveSweep, denseAccuracy, denseGmacs, chosen);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // the stream overload, because the file-name overload appends ".png" to names lacking it
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Builds the chart without rendering it. */
    public static XYChart chart(
            List<SweepPoint> adaptiveSweep, double denseAccuracy, double denseGmacs, SweepPoint chosen) {
        // servers have no display; respect an explicit choice made by an embedding GUI
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<SweepPoint> sweep = new ArrayList<>();
        for (SweepPoint p : adaptiveSweep) {
            if (finite(p.gmacsPerClip(), p.accuracy())) {
                sweep.add(p);
            }
        }
        // the line should trace the frontier left to right, not the order thresholds were tried in
        sweep.sort(Comparator.comparingDouble(SweepPoint::gmacsPerClip));
        boolean dense = finite(denseGmacs, denseAccuracy);
        boolean highlight = chosen != null && finite(chosen.gmacsPerClip(), chosen.accuracy());

        List<Double> xs = new ArrayList<>();
        sweep.forEach(p -> xs.add(p.gmacsPerClip()));
        if (dense) {
            xs.add(denseGmacs);
        }
        if (highlight) {
            xs.add(chosen.gmacsPerClip());
        }
        boolean log = useLogScale(xs);

        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Accuracy vs. compute per clip")
                .xAxisTitle(log ? "GMACs per clip (log scale)" : "GMACs per clip")
                .yAxisTitle("accuracy")
                .build();
        chart.getStyler()
                .setXAxisLogarithmic(log)
                .setYAxisDecimalPattern("0.#%")
                .setLegendPosition(Styler.LegendPosition.InsideSE)
                .setMarkerSize(9);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);

        if (!sweep.isEmpty()) {
            XYSeries s = chart.addSeries(
                    "adaptive cascade (threshold sweep)",
                    sweep.stream().mapToDouble(SweepPoint::gmacsPerClip).toArray(),
                    sweep.stream().mapToDouble(SweepPoint::accuracy).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(new Color(0x1f77b4));
            s.setMarkerColor(new Color(0x1f77b4));
        }
        if (dense) {
            XYSeries s = chart.addSeries(DENSE_LABEL, new double[] {denseGmacs}, new double[] {denseAccuracy});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(Color.BLACK);
        }
        if (highlight) {
            XYSeries s = chart.addSeries(
                    "chosen operating point (" + chosen.label() + ")",
                    new double[] {chosen.gmacsPerClip()},
                    new double[] {chosen.accuracy()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(new Color(0xd62728));
        }
        return chart;
    }

    /** Log x axis when every value is positive and they span more than a factor of 10. */
    static boolean useLogScale(List<Double> xs) {
        if (xs.isEmpty()) {
            return false;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return min > 0 && max / min > 10;
    }

    private static boolean finite(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}
