package dev.saccade.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An eval JSON read for the report, whichever eval wrote it: the synthetic workload's ({@code dense}, {@code
 * adaptive}, {@code sweep}, {@code confusion}, {@code per_class}) or the footage workload's ({@code teacher},
 * {@code adaptive}, {@code adaptive_detector}, {@code blind_skip}, {@code motion_gated}, each with {@code
 * agreement}). Every top-level object with {@code gmacs_per_clip} and {@code accuracy} or {@code agreement} is a
 * row, in the file's order.
 */
public record EvalInput(
        Path file,
        String metric,
        List<Row> rows,
        List<double[]> sweep,
        List<Confusion> confusions,
        Map<String, Map<String, Double>> perClass,
        JsonNode root) {

    /** One mode or baseline: its accuracy (or agreement with the teacher), cost, and where its clips exited. */
    public record Row(String name, double metric, double gmacsPerClip, Map<String, Double> exitFraction) {}

    /** A confusion matrix: rows the true (or teacher's) class, columns the predicted one. */
    public record Confusion(String title, List<String> labels, long[][] counts) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static EvalInput read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        List<Row> rows = new ArrayList<>();
        List<Confusion> confusions = new ArrayList<>();
        String metric = null;
        for (var it = root.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode n = field.getValue();
            if (!n.isObject() || !n.path("gmacs_per_clip").isNumber()) {
                continue;
            }
            String m = n.path("accuracy").isNumber()
                    ? "accuracy"
                    : n.path("agreement").isNumber() ? "agreement" : null;
            if (m == null) {
                continue;
            }
            metric = metric == null ? m : metric;
            Map<String, Double> exits = new LinkedHashMap<>();
            n.path("exit_fraction")
                    .fields()
                    .forEachRemaining(e -> exits.put(e.getKey(), e.getValue().asDouble()));
            rows.add(new Row(
                    field.getKey(), n.get(m).asDouble(), n.get("gmacs_per_clip").asDouble(), exits));
            JsonNode c = n.path("confusion");
            if (c.path("rows_teacher_columns_adaptive").isArray()) {
                confusions.add(new Confusion(
                        field.getKey() + " (rows: teacher, columns: " + field.getKey() + ")",
                        strings(c.path("labels")),
                        matrix(c.path("rows_teacher_columns_adaptive"))));
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " holds no mode with gmacs_per_clip and accuracy or agreement: not an eval"
                    + " JSON of ./saccade eval");
        }
        JsonNode c = root.path("confusion");
        if (c.path("labels").isArray()) {
            for (String mode : List.of("dense", "adaptive")) {
                if (c.path(mode).isArray()) {
                    confusions.add(new Confusion(
                            mode + " (rows: true class, columns: predicted)",
                            strings(c.path("labels")),
                            matrix(c.path(mode))));
                }
            }
        }
        List<double[]> sweep = new ArrayList<>();
        for (JsonNode p : root.path("sweep")) {
            if (p.path("gmacs_per_clip").isNumber() && p.path("accuracy").isNumber()) {
                sweep.add(new double[] {
                    p.get("gmacs_per_clip").asDouble(),
                    p.get("accuracy").asDouble(),
                    p.path("threshold_scale").asDouble(Double.NaN)
                });
            }
        }
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        root.path("per_class").fields().forEachRemaining(mode -> {
            Map<String, Double> byClass = new LinkedHashMap<>();
            mode.getValue()
                    .fields()
                    .forEachRemaining(e -> byClass.put(e.getKey(), e.getValue().asDouble()));
            perClass.put(mode.getKey(), byClass);
        });
        return new EvalInput(file, metric, rows, sweep, confusions, perClass, root);
    }

    /** The reference row the others save against: the dense baseline or the teacher; null if neither. */
    public Row reference() {
        return rows.stream()
                .filter(r -> r.name().equals("dense") || r.name().equals("teacher"))
                .findFirst()
                .orElse(null);
    }

    /** "synthetic" or "footage" (which eval wrote it), from the rows it has. */
    public String workload() {
        return rows.stream().anyMatch(r -> r.name().equals("teacher")) ? "footage" : "synthetic";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long[][] matrix(JsonNode rows) {
        long[][] m = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            m[i] = new long[row.size()];
            for (int j = 0; j < row.size(); j++) {
                m[i][j] = row.get(j).asLong();
            }
        }
        return m;
    }
}
