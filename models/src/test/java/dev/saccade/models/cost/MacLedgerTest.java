package dev.saccade.models.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Per-stage MAC accumulation. */
class MacLedgerTest {

    @Test
    void accumulatesPerStageInFirstSeenOrder() {
        MacLedger ledger = new MacLedger();
        ledger.add("glance", 2_000_000, 300)
                .add("focus-1", 500_000_000L)
                .add("glance", 1_000_000)
                .add("full", 0);
        assertThat(ledger.byStage())
                .containsExactly(
                        java.util.Map.entry("glance", 601_000_000L),
                        java.util.Map.entry("focus-1", 500_000_000L),
                        java.util.Map.entry("full", 0L));
        assertThat(ledger.total()).isEqualTo(1_101_000_000L);
        assertThat(ledger.gmacs()).isEqualTo(1.101);
        assertThat(ledger.stage("missing")).isZero();
    }

    @Test
    void mergesAndRejectsNegativeOrOverflowingCosts() {
        MacLedger a = new MacLedger().add("glance", 5);
        a.addAll(new MacLedger().add("glance", 1).add("full", 7));
        assertThat(a.byStage()).containsEntry("glance", 6L).containsEntry("full", 7L);
        assertThatThrownBy(() -> a.add("glance", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add("glance", Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> a.byStage().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
