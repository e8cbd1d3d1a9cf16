package dev.saccade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads from /proc (Linux), native and JIT compiler threads included, grouped by thread
 * name with digits folded: where a benchmark's cores went. Empty where /proc is not there.
 */
public final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    // the kernel's USER_HZ, which /proc/*/stat counts in on every Linux this runs on
    public static final double TICKS_PER_SECOND = 100.0;

    private ThreadCpu() {}

    /** CPU ticks per thread id, with the thread's name. */
    public static Map<String, Object[]> snapshot() {
        Map<String, Object[]> out = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return out;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.put(task.getFileName().toString(), new Object[] {name, ticks});
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU seconds per thread group between two snapshots, the largest first, at most {@code top} groups. */
    public static Map<String, Double> between(Map<String, Object[]> before, Map<String, Object[]> after, int top) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, now) -> {
            long start = before.containsKey(tid) ? (Long) before.get(tid)[1] : 0L;
            groups.merge(((String) now[0]).replaceAll("\\d+", "N"), (Long) now[1] - start, Long::sum);
        });
        List<Map.Entry<String, Long>> sorted = groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .toList();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : sorted) {
            out.put(e.getKey(), e.getValue() / TICKS_PER_SECOND);
        }
        return out;
    }
}
