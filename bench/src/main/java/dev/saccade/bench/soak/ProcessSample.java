package dev.saccade.bench.soak;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process's resources at one moment: resident set, heap, direct buffers, open files, threads. */
public record ProcessSample(
        double minute, long rssKb, long heapUsedBytes, long directBytes, long openFds, int threads, long events) {

    /** Samples now; {@code events} is what the caller counted so far. */
    static ProcessSample now(double minute, long events) {
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                direct = pool.getMemoryUsed();
            }
        }
        return new ProcessSample(
                minute,
                readRssKb(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                direct,
                countOpenFds(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                events);
    }

    /** VmRSS from /proc/self/status in KiB (0 where there is no /proc). */
    public static long readRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Entries of /proc/self/fd (-1 where there is no /proc). */
    static long countOpenFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    String line() {
        return String.format(
                "soak: minute %.0f: RSS %.0f MB, heap %.0f MB, direct %.1f MB, %d fds, %d threads, %d events",
                minute, rssKb / 1024.0, heapUsedBytes / 1048576.0, directBytes / 1048576.0, openFds, threads, events);
    }
}
