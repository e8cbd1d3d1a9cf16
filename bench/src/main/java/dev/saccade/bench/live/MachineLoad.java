package dev.saccade.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cores busy on the whole machine and in this process between two snapshots, from /proc (Linux): on a shared machine
 * a step that failed while others' work took the cores reads differently from one that failed on its own.
 */
final class MachineLoad {
    private static final double TICKS_PER_SECOND = 100.0;

    /** Busy and total ticks of all CPUs, this process's ticks, and when. */
    record Snapshot(long machineBusy, long processTicks, long nanoTime) {}

    private MachineLoad() {}

    static Snapshot now() {
        long busy = -1;
        long process = -1;
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
            for (int i = 1; i <= Math.min(8, cpu.length - 1); i++) {
                total += (i == 4 || i == 5) ? 0 : Long.parseLong(cpu[i]);
            }
            busy = total;
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            process = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            // not Linux: the report says null
        }
        return new Snapshot(busy, process, System.nanoTime());
    }

    /** Average busy cores of the machine over the interval (null where /proc was not readable). */
    static Double machineCores(Snapshot a, Snapshot b) {
        return a.machineBusy() < 0 || b.machineBusy() < 0 ? null : cores(b.machineBusy() - a.machineBusy(), a, b);
    }

    /** Average cores this process (broker, feeder, Flink, models) kept busy over the interval. */
    static Double processCores(Snapshot a, Snapshot b) {
        return a.processTicks() < 0 || b.processTicks() < 0 ? null : cores(b.processTicks() - a.processTicks(), a, b);
    }

    private static double cores(long ticks, Snapshot a, Snapshot b) {
        double seconds = Math.max(1e-3, (b.nanoTime() - a.nanoTime()) / 1e9);
        return Math.round(ticks / TICKS_PER_SECOND / seconds * 100) / 100.0;
    }
}
