package dev.saccade.bench.profile;

import dev.saccade.bench.ThreadCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Recording;
import one.profiler.AsyncProfiler;

/**
 * CPU samples of one window of a bench in a JFR file, with each thread's CPU time at its ends. async-profiler (CPU
 * timer, every thread and native frames alike) where it loads; else the JDK's own recorder, which samples at most one
 * thread in native code per period and so undercounts JPEG decoding and BLAS.
 */
public final class JfrWindow implements AutoCloseable {
    /** Sampling interval of async-profiler's CPU timer. */
    static final long ASYNC_INTERVAL_MS = 5;

    private final Path file;
    private final Recording recording;
    private final AsyncProfiler asyncProfiler;
    private final Map<String, Object[]> before;
    private final long startNs;

    private JfrWindow(Path file) throws IOException {
        this.file = file;
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        AsyncProfiler profiler = null;
        try {
            profiler = AsyncProfiler.getInstance();
            // itimer: CPU time of the whole process, no perf_events needed (a VM often has them off)
            // saccade.bench.profile-event=wall samples waiting threads too (where a thread idles, not what costs CPU)
            String event = System.getProperty("saccade.bench.profile-event", "itimer");
            profiler.execute("start,event=" + event + ",interval=" + ASYNC_INTERVAL_MS + "ms,jfr,file=" + file);
        } catch (Throwable e) {
            System.err.println("bench: async-profiler unavailable (" + e + "); JFR's own sampler instead");
            profiler = null;
        }
        asyncProfiler = profiler;
        if (asyncProfiler == null) {
            recording = new Recording();
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(CpuBudget.EXECUTION_PERIOD_MS));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(CpuBudget.NATIVE_PERIOD_MS));
            recording.setToDisk(true);
            recording.setDestination(file);
        } else {
            recording = null;
        }
        before = ThreadCpu.snapshot();
        startNs = System.nanoTime();
        if (recording != null) {
            recording.start();
        }
    }

    /** Starts sampling into {@code file} now. */
    public static JfrWindow start(Path file) throws IOException {
        return new JfrWindow(file);
    }

    /** Stops, writes the file and gives the per-frame CPU budget of the window for the frames decided in it. */
    public Map<String, Object> stop(long frames) throws IOException {
        if (asyncProfiler != null) {
            asyncProfiler.execute("stop");
        } else {
            recording.stop();
        }
        Map<String, Object[]> after = ThreadCpu.snapshot();
        double seconds = (System.nanoTime() - startNs) / 1e9;
        if (recording != null) {
            recording.close();
        }
        Map<String, Object> budget =
                CpuBudget.of(file, before, after, seconds, frames, ThreadCpu.TICKS_PER_SECOND, asyncProfiler != null);
        budget.put("profiler", asyncProfiler != null ? "async-profiler itimer " + ASYNC_INTERVAL_MS + " ms" : "jfr");
        budget.put("jfr", file.toString());
        return budget;
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }
}
