package dev.saccade.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The per-frame CPU budget of a window: each thread's CPU time from /proc over the window (JIT and GC threads
 * included, which JFR does not sample), split over the pipeline's stages in proportion to that thread's JFR samples
 * ({@link CpuBuckets}), divided by the frames decided in the window.
 */
public final class CpuBudget {
    /** Sampling periods the recording is made with; a sample weighs its period. */
    public static final long EXECUTION_PERIOD_MS = 10;

    public static final long NATIVE_PERIOD_MS = 20;

    // a thread in one of these native methods waits: it is not spending CPU on the stage its stack names
    private static final Set<String> WAITING = Set.of(
            "jdk.internal.misc.Unsafe#park",
            "java.lang.Object#wait",
            "java.lang.Thread#sleep",
            "java.lang.Thread#yield",
            "sun.nio.ch.EPoll#wait",
            "sun.nio.ch.Net#poll",
            "sun.nio.ch.Net#accept",
            "sun.nio.ch.SocketDispatcher#read0",
            "sun.nio.ch.FileDispatcherImpl#read0",
            "java.io.FileInputStream#readBytes",
            "java.lang.ref.Reference#waitForReferencePendingList");

    private CpuBudget() {}

    /**
     * @param before,after per OS thread id: {name, CPU ticks} ({@code ThreadCpu.snapshot()}) at the window's ends
     * @param frames frames decided in the window
     * @param cpuSampled true where every sample is a CPU-timer tick of whichever thread ran (async-profiler): each
     *     stage then gets the process's CPU time in proportion to its samples
     */
    public static Map<String, Object> of(
            Path jfr,
            Map<String, Object[]> before,
            Map<String, Object[]> after,
            double windowSeconds,
            long frames,
            double ticksPerSecond,
            boolean cpuSampled)
            throws IOException {
        // per OS thread: weighted samples per stage
        Map<Long, Map<String, Double>> samples = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long execution = 0;
        long nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean isNative = type.equals("jdk.NativeMethodSample");
            if (!isNative && !type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedThread thread = e.getThread("sampledThread");
            RecordedStackTrace stack = e.getStackTrace();
            if (thread == null || stack == null) {
                continue;
            }
            List<String> stackFrames = new ArrayList<>();
            for (RecordedFrame f : stack.getFrames()) {
                stackFrames.add(
                        f.getMethod().getType().getName() + "#" + f.getMethod().getName());
            }
            if (isNative && (stackFrames.isEmpty() || WAITING.contains(stackFrames.get(0)))) {
                continue;
            }
            String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
            String bucket = CpuBuckets.ofThread(name);
            if (bucket == null) {
                bucket = CpuBuckets.ofFrames(stackFrames);
            }
            if (bucket == null) {
                bucket = CpuBuckets.defaultOf(name);
            }
            long tid = cpuSampled ? -1 : thread.getOSThreadId();
            names.put(tid, name);
            samples.computeIfAbsent(tid, k -> new HashMap<>())
                    .merge(bucket, (double) (isNative ? NATIVE_PERIOD_MS : EXECUTION_PERIOD_MS), Double::sum);
            if (isNative) {
                nativeSamples++;
            } else {
                execution++;
            }
        }
        Map<String, Double> cpuSeconds = new HashMap<>();
        double total = 0;
        if (cpuSampled) {
            for (Map.Entry<String, Object[]> t : after.entrySet()) {
                long startTicks = before.containsKey(t.getKey()) ? (Long) before.get(t.getKey())[1] : 0L;
                total += Math.max(0, (Long) t.getValue()[1] - startTicks) / ticksPerSecond;
            }
            Map<String, Double> split = samples.getOrDefault(-1L, Map.of());
            double weight =
                    split.values().stream().mapToDouble(Double::doubleValue).sum();
            for (Map.Entry<String, Double> b : split.entrySet()) {
                cpuSeconds.merge(b.getKey(), total * b.getValue() / weight, Double::sum);
            }
        }
        for (Map.Entry<String, Object[]> t :
                cpuSampled ? Map.<String, Object[]>of().entrySet() : after.entrySet()) {
            long startTicks = before.containsKey(t.getKey()) ? (Long) before.get(t.getKey())[1] : 0L;
            double seconds = ((Long) t.getValue()[1] - startTicks) / ticksPerSecond;
            if (seconds <= 0) {
                continue;
            }
            total += seconds;
            Map<String, Double> split = samples.get(Long.parseLong(t.getKey()));
            if (split == null || split.isEmpty()) {
                // not sampled (JIT, GC, native threads) or only ever seen waiting: its name says what it is
                String name = (String) t.getValue()[0];
                String bucket = CpuBuckets.ofThread(name);
                cpuSeconds.merge(bucket != null ? bucket : CpuBuckets.defaultOf(name), seconds, Double::sum);
                continue;
            }
            double weight =
                    split.values().stream().mapToDouble(Double::doubleValue).sum();
            for (Map.Entry<String, Double> b : split.entrySet()) {
                cpuSeconds.merge(b.getKey(), seconds * b.getValue() / weight, Double::sum);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("window_seconds", windowSeconds);
        r.put("frames", frames);
        r.put("cpu_seconds", round(total));
        r.put("cpu_ms_per_frame", frames == 0 ? null : round(total * 1000 / frames));
        Map<String, Object> perFrame = new LinkedHashMap<>();
        for (String b : CpuBuckets.ORDER) {
            Double s = cpuSeconds.get(b);
            if (s != null && frames > 0) {
                perFrame.put(b, round(s * 1000 / frames));
            }
        }
        r.put("cpu_ms_per_frame_by_stage", perFrame);
        r.put("execution_samples", execution);
        r.put("native_samples_on_cpu", nativeSamples);
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
