package dev.saccade.bench.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, in order, and the pause before each: {@code kills} TaskManager kills spread over the victims
 * in turn (the order of each round shuffled), and {@code brokerRestarts} broker restarts at random places among them.
 * The same seed gives the same plan.
 */
public record FaultPlan(List<Fault> faults) {
    /** What to break. */
    public enum Kind {
        KILL_TASK_MANAGER,
        RESTART_BROKER
    }

    /** One fault: what, which process (a TaskManager's name, or "broker"), and the seconds to wait before it. */
    public record Fault(Kind kind, String target, double pauseSeconds) {}

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    /** A plan over these victims; pauses are drawn uniformly from [minPause, maxPause] seconds. */
    public static FaultPlan of(
            int kills, int brokerRestarts, List<String> victims, double minPause, double maxPause, long seed) {
        if (kills < 0 || brokerRestarts < 0) {
            throw new IllegalArgumentException("kills and broker restarts must not be negative");
        }
        if (kills > 0 && victims.isEmpty()) {
            throw new IllegalArgumentException("kills need at least one TaskManager to kill");
        }
        if (minPause < 0 || maxPause < minPause) {
            throw new IllegalArgumentException("pauses must satisfy 0 <= min <= max");
        }
        Random random = new Random(seed);
        List<String> targets = new ArrayList<>();
        while (targets.size() < kills) {
            List<String> round = new ArrayList<>(victims);
            Collections.shuffle(round, random);
            for (String v : round) {
                if (targets.size() < kills) {
                    targets.add(v);
                }
            }
        }
        List<Fault> faults = new ArrayList<>();
        for (String t : targets) {
            faults.add(new Fault(Kind.KILL_TASK_MANAGER, t, pause(random, minPause, maxPause)));
        }
        for (int i = 0; i < brokerRestarts; i++) {
            faults.add(
                    random.nextInt(faults.size() + 1),
                    new Fault(Kind.RESTART_BROKER, "broker", pause(random, minPause, maxPause)));
        }
        return new FaultPlan(faults);
    }

    public long count(Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).count();
    }

    private static double pause(Random random, double min, double max) {
        return Math.round((min + random.nextDouble() * (max - min)) * 10) / 10.0;
    }
}
