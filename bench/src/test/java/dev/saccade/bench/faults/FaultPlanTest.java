package dev.saccade.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static final List<String> TMS = List.of("cpu-tm", "gpu-tm");

    @Test
    void killsEveryVictimInTurnAndPlacesBrokerRestartsAmongThem() {
        FaultPlan plan = FaultPlan.of(5, 1, TMS, 5, 15, 18);
        assertThat(plan.faults()).hasSize(6);
        assertThat(plan.count(FaultPlan.Kind.KILL_TASK_MANAGER)).isEqualTo(5);
        assertThat(plan.count(FaultPlan.Kind.RESTART_BROKER)).isEqualTo(1);
        List<String> killed = plan.faults().stream()
                .filter(f -> f.kind() == FaultPlan.Kind.KILL_TASK_MANAGER)
                .map(FaultPlan.Fault::target)
                .toList();
        // rounds over both TaskManagers: 3 of one and 2 of the other, each round holding both
        assertThat(killed.subList(0, 2)).containsExactlyInAnyOrderElementsOf(TMS);
        assertThat(killed.subList(2, 4)).containsExactlyInAnyOrderElementsOf(TMS);
        assertThat(plan.faults()).allSatisfy(f -> assertThat(f.pauseSeconds()).isBetween(5.0, 15.0));
        assertThat(plan.faults().stream().filter(f -> f.kind() == FaultPlan.Kind.RESTART_BROKER))
                .allSatisfy(f -> assertThat(f.target()).isEqualTo("broker"));
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        assertThat(FaultPlan.of(5, 2, TMS, 5, 15, 7)).isEqualTo(FaultPlan.of(5, 2, TMS, 5, 15, 7));
        assertThat(FaultPlan.of(5, 2, TMS, 5, 15, 7)).isNotEqualTo(FaultPlan.of(5, 2, TMS, 5, 15, 8));
    }

    @Test
    void noFaultsIsAnEmptyPlanAndNonsenseIsRefused() {
        assertThat(FaultPlan.of(0, 0, List.of(), 0, 0, 1).faults()).isEmpty();
        assertThatThrownBy(() -> FaultPlan.of(1, 0, List.of(), 1, 2, 1)).hasMessageContaining("TaskManager");
        assertThatThrownBy(() -> FaultPlan.of(-1, 0, TMS, 1, 2, 1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> FaultPlan.of(1, 0, TMS, 3, 2, 1)).hasMessageContaining("pauses");
    }
}
