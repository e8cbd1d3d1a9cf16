package dev.saccade.models.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small hand-made evaluation shared by the report tests. */
final class ReportFixtures {

    static final List<String> LABELS = List.of("static", "motion", "person");

    private ReportFixtures() {}

    /** Dense: 9 of 10 right. Adaptive: 8 of 10 right. No "person" clips at all. */
    static ConfusionMatrix dense() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        for (int i = 0; i < 4; i++) {
            m.add(0, 0);
        }
        m.add(0, 1);
        for (int i = 0; i < 5; i++) {
            m.add(1, 1);
        }
        return m;
    }

    static ConfusionMatrix adaptive() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        for (int i = 0; i < 5; i++) {
            m.add(0, 0);
        }
        for (int i = 0; i < 3; i++) {
            m.add(1, 1);
        }
        m.add(1, 0).add(1, 2);
        return m;
    }

    static EvalReport report() {
        Map<String, Double> exits = new LinkedHashMap<>();
        exits.put("glance", 0.7);
        exits.put("focus-1", 0.2);
        exits.put("full", 0.1);
        return new EvalReport(
                new EvalReport.Dense(0.9, 12.3),
                new EvalReport.Adaptive(0.8, 1.0, exits),
                EvalReport.PerClass.of(LABELS, dense(), adaptive()),
                EvalReport.Confusion.of(LABELS, dense(), adaptive()),
                List.of(
                        SweepPoint.atScale(0.5, 0.70, 0.4),
                        SweepPoint.atScale(1.0, 0.80, 1.0),
                        SweepPoint.atScale(2.0, 0.88, 4.5),
                        SweepPoint.named("always-full", 0.9, 12.3)),
                10,
                "test",
                new EvalReport.ModelInfo("3", "models/cascade-v3"),
                new EvalReport.MachineInfo(2));
    }
}
