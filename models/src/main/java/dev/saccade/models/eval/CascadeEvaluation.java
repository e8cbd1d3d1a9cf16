package dev.saccade.models.eval;

import ai.djl.ndarray.NDManager;
import dev.saccade.models.bundle.CascadeNets;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.ExitScorer;
import dev.saccade.models.cascade.ScoredClip;
import dev.saccade.models.cascade.ThresholdCalibration;
import dev.saccade.models.cost.MacLedger;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.Split;
import dev.saccade.models.engine.Inference;
import dev.saccade.models.report.AccuracyCostPlot;
import dev.saccade.models.report.ConfusionMatrix;
import dev.saccade.models.report.EvalReport;
import dev.saccade.models.report.SummaryMarkdown;
import dev.saccade.models.report.SweepPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./saccade eval}: the dense baseline and the adaptive cascade on the same clips. Headline figures come from
 * running the cascade for real with the bundle's thresholds; the accuracy-cost sweep replays every exit's scores.
 */
public final class CascadeEvaluation {
    private CascadeEvaluation() {}

    public static EvalReport run(
            ModelBundle bundle,
            ClipDataset workload,
            Split split,
            Path outJson,
            String command,
            Consumer<String> progress)
            throws IOException {
        return run(bundle, workload, split, outJson, command, progress, ClipObserver.NONE);
    }

    /** As the other {@code run}, showing {@code observer} every clip with its adaptive decision. */
    public static EvalReport run(
            ModelBundle bundle,
            ClipDataset workload,
            Split split,
            Path outJson,
            String command,
            Consumer<String> progress,
            ClipObserver observer)
            throws IOException {
        Inference.gradientsOff();
        CascadeNets nets = bundle.nets();
        List<String> labels = bundle.manifest().labels();
        List<ClipRef> refs = workload.clips(split);
        AdaptiveCascade cascade = bundle.cascade();
        ConfusionMatrix dense = new ConfusionMatrix(labels.size());
        ConfusionMatrix adaptive = new ConfusionMatrix(labels.size());
        MacLedger denseCost = new MacLedger();
        MacLedger adaptiveCost = new MacLedger();
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (int k = 0; k <= nets.focusSteps(); k++) {
            exits.put(AdaptiveCascade.stageName(k), 0);
        }
        long start = System.nanoTime();
        try (NDManager m = Inference.newManager()) {
            for (int i = 0; i < refs.size(); i += 16) {
                List<ClipData> clips = refs.subList(i, Math.min(refs.size(), i + 16)).parallelStream()
                        .map(workload::load)
                        .toList();
                List<AdaptiveCascade.Decision> decisions = cascade.classify(m, clips, adaptiveCost);
                float[][] denseProbs = cascade.dense(m, clips, denseCost);
                for (int c = 0; c < clips.size(); c++) {
                    int truth = clips.get(c).label();
                    adaptive.add(truth, decisions.get(c).label());
                    dense.add(truth, AdaptiveCascade.argmax(denseProbs[c]));
                    exits.merge(decisions.get(c).stage(), 1, Integer::sum);
                    observer.decided("adaptive", clips.get(c), decisions.get(c));
                }
                int done = Math.min(refs.size(), i + 16);
                double elapsed = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(
                        "eval: %d/%d clips, dense acc %.3f, adaptive acc %.3f, ETA %.0f s",
                        done,
                        refs.size(),
                        dense.accuracy(),
                        adaptive.accuracy(),
                        elapsed / done * (refs.size() - done)));
            }
        }
        Map<String, Double> exitFraction = new LinkedHashMap<>();
        exits.forEach((stage, n) -> exitFraction.put(stage, (double) n / refs.size()));

        List<SweepPoint> sweep = new ArrayList<>();
        // the sweep replays the built-in exits' scores; a bundle with external roles reports its chosen point only
        if (!cascade.usesExternalRoles()) {
            List<ScoredClip> scored = ExitScorer.score(nets, refs, workload::load);
            for (ThresholdCalibration.Outcome o : ThresholdCalibration.sweep(
                    scored, nets.focusSteps(), nets.glanceMacsPerClip(), nets.focusMacsPerStep())) {
                sweep.add(SweepPoint.atScale(o.thresholds()[0], o.accuracy(), o.macsPerClip() / 1e9));
            }
        }
        EvalReport report = new EvalReport(
                new EvalReport.Dense(dense.accuracy(), denseCost.gmacs() / refs.size()),
                new EvalReport.Adaptive(adaptive.accuracy(), adaptiveCost.gmacs() / refs.size(), exitFraction),
                EvalReport.PerClass.of(labels, dense, adaptive),
                EvalReport.Confusion.of(labels, dense, adaptive),
                sweep,
                refs.size(),
                split.name().toLowerCase(),
                new EvalReport.ModelInfo(
                        bundle.manifest().version(), bundle.dir().toString()),
                new EvalReport.MachineInfo(Runtime.getRuntime().availableProcessors()));
        report.writeJson(outJson);
        String base = outJson.toString().endsWith(".json")
                ? outJson.toString().substring(0, outJson.toString().length() - 5)
                : outJson.toString();
        AccuracyCostPlot.writePng(
                Path.of(base + ".png"),
                sweep,
                report.dense().accuracy(),
                report.dense().gmacsPerClip(),
                SweepPoint.named(
                        "chosen thresholds",
                        report.adaptive().accuracy(),
                        report.adaptive().gmacsPerClip()));
        SummaryMarkdown.write(Path.of(base + ".md"), report, command);
        return report;
    }
}
