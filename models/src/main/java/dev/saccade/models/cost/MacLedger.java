package dev.saccade.models.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Running tally of the MACs actually spent, per named stage; not thread-safe, keep one per thread. */
public final class MacLedger {

    private final Map<String, Long> stages = new LinkedHashMap<>();

    /**
     * Adds {@code macs} to {@code stage}. Adding 0 still lists the stage, so a stage that never ran shows
     * up as 0 rather than missing.
     */
    public MacLedger add(String stage, long macs) {
        Objects.requireNonNull(stage, "stage");
        if (macs < 0) {
            throw new IllegalArgumentException("negative MACs for stage " + stage + ": " + macs);
        }
        stages.merge(stage, macs, Math::addExact);
        return this;
    }

    /** Adds {@code macsPerUnit x units} (e.g. MACs per frame x frames run) to {@code stage}. */
    public MacLedger add(String stage, long macsPerUnit, long units) {
        if (macsPerUnit < 0 || units < 0) {
            throw new IllegalArgumentException("negative cost for stage " + stage + ": " + macsPerUnit + " x " + units);
        }
        return add(stage, Math.multiplyExact(macsPerUnit, units));
    }

    /** Adds every stage of {@code other} to this ledger. */
    public MacLedger addAll(MacLedger other) {
        other.stages.forEach(this::add);
        return this;
    }

    /** MACs of one stage, 0 if it never was added. */
    public long stage(String stage) {
        return stages.getOrDefault(stage, 0L);
    }

    /** MACs over all stages. */
    public long total() {
        long total = 0;
        for (long macs : stages.values()) {
            total = Math.addExact(total, macs);
        }
        return total;
    }

    /** Read-only snapshot of MACs per stage, in the order stages were first added. */
    public Map<String, Long> byStage() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }

    /** {@link #total()} in units of 10^9 MACs. */
    public double gmacs() {
        return total() / 1e9;
    }

    @Override
    public String toString() {
        return "MacLedger" + stages;
    }
}
