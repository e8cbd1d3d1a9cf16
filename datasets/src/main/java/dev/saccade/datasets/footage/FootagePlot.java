package dev.saccade.datasets.footage;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Agreement with the teacher against GMACs per clip for the four rows of a footage evaluation, as a PNG. */
final class FootagePlot {
    private static final List<String> ROWS =
            List.of("teacher", "adaptive", "blind_skip", "motion_gated", "adaptive_detector");
    private static final Color[] COLOURS = {
        new Color(0x44, 0x44, 0x44),
        new Color(0xd6, 0x27, 0x28),
        new Color(0x1f, 0x77, 0xb4),
        new Color(0x2c, 0xa0, 0x2c),
        new Color(0xff, 0x7f, 0x0e)
    };

    private FootagePlot() {}

    @SuppressWarnings("unchecked")
    static void write(Path png, Map<String, Object> report) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(600)
                .title("Agreement with the teacher vs compute, " + report.get("videos") + " (test)")
                .xAxisTitle("GMACs per clip (log)")
                .yAxisTitle("agreement with the teacher's clip labels")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.05);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int i = 0; i < ROWS.size(); i++) {
            Map<String, Object> row = (Map<String, Object>) report.get(ROWS.get(i));
            if (row == null) {
                continue;
            }
            double g = Math.max(1e-4, ((Number) row.get("gmacs_per_clip")).doubleValue());
            double a = ((Number) row.get("agreement")).doubleValue();
            XYSeries s = chart.addSeries(
                    String.format("%s (%.3f at %.3f GMACs)", ROWS.get(i), a, g), new double[] {g}, new double[] {a});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(COLOURS[i]);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
