package dev.saccade.bench.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether one step held its streams live: the p99 of capture to decision under the bound (a clip still undecided
 * counts as too late) and no growing lag (the median latency of the measured window's last third at most the margin
 * above its first third's); plus the figures the report gives for the step.
 */
final class StepVerdict {
    private StepVerdict() {}

    /**
     * @param clips the step's fed clips
     * @param measuredFromMs clips whose last frame was captured before this are not measured (settling)
     * @param feedEndMs when the feeder stopped
     * @param offeredFrames frames sent in the measured window
     * @param aborted whether the step stopped feeding early because a clip waited too long
     */
    static Map<String, Object> judge(
            int streams,
            List<ClipLedger.Entry> clips,
            long measuredFromMs,
            long feedEndMs,
            long offeredFrames,
            boolean aborted,
            long boundMs,
            long lagMarginMs) {
        List<ClipLedger.Entry> measured = new ArrayList<>();
        for (ClipLedger.Entry e : clips) {
            if (e.lastCaptureMs >= measuredFromMs) {
                measured.add(e);
            }
        }
        measured.sort(java.util.Comparator.comparingLong(e -> e.lastCaptureMs));
        List<Long> latencies = latencies(measured);
        int undecided = (int) measured.stream().filter(e -> e.arrivalMs < 0).count();
        double windowS = Math.max(1e-3, (feedEndMs - measuredFromMs) / 1000.0);
        long decidedFrames = 0;
        for (ClipLedger.Entry e : clips) {
            if (e.arrivalMs >= measuredFromMs && e.arrivalMs <= feedEndMs) {
                decidedFrames += e.frames;
            }
        }
        int third = measured.size() / 3;
        double firstThird = third == 0 ? Double.NaN : percentile(latencies(measured.subList(0, third)), 0.5);
        double lastThird = third == 0
                ? Double.NaN
                : percentile(latencies(measured.subList(measured.size() - third, measured.size())), 0.5);
        double p99 = percentile(latencies, 0.99);
        double trend = lastThird - firstThird;
        boolean held = !aborted && third > 0 && p99 < boundMs && trend <= lagMarginMs;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("streams", streams);
        r.put("held", held);
        r.put("frames_per_s_offered", offeredFrames / windowS);
        r.put("frames_per_s_decided", decidedFrames / windowS);
        r.put("latency_ms_p50", finite(percentile(latencies, 0.5)));
        r.put("latency_ms_p99", finite(p99));
        r.put("latency_ms_max", finite(percentile(latencies, 1.0)));
        r.put("lag_trend_ms", finite(trend));
        r.put("latency_ms_p50_first_third", finite(firstThird));
        r.put("latency_ms_p50_last_third", finite(lastThird));
        r.put("clips_measured", measured.size());
        r.put("clips_undecided", undecided);
        r.put("aborted", aborted);
        return r;
    }

    /** Latencies in ms, sorted; an undecided clip is infinitely late. */
    private static List<Long> latencies(List<ClipLedger.Entry> clips) {
        List<Long> l = new ArrayList<>(clips.size());
        for (ClipLedger.Entry e : clips) {
            l.add(e.arrivalMs < 0 ? Long.MAX_VALUE : e.arrivalMs - e.lastCaptureMs);
        }
        l.sort(null);
        return l;
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        long v = sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v;
    }

    // JSON has no infinity: an undecided clip's latency (or a window with no clips) is null in the report
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The p99 latency of every clip of the step, settling included (null where one is undecided). */
    static Double p99(List<ClipLedger.Entry> clips) {
        return finite(percentile(latencies(clips), 0.99));
    }

    /** The p99 latency of the clips completed in each window of windowMs from startMs: how a step's latency moved. */
    static List<Double> p99ByWindow(List<ClipLedger.Entry> clips, long startMs, long windowMs) {
        Map<Long, List<ClipLedger.Entry>> windows = new java.util.TreeMap<>();
        for (ClipLedger.Entry e : clips) {
            windows.computeIfAbsent(Math.max(0, e.lastCaptureMs - startMs) / windowMs, k -> new ArrayList<>())
                    .add(e);
        }
        List<Double> out = new ArrayList<>();
        windows.values().forEach(w -> out.add(finite(percentile(latencies(w), 0.99))));
        return out;
    }
}
