package dev.saccade.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.job.SaccadePipeline.SlotGroups;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.junit.jupiter.api.Test;

/** Sized slot sharing groups: focus asks for GPUs; with a CPU pool label, io and glance keep off GPU TaskManagers. */
class SlotGroupsTest {

    private static double resource(SlotSharingGroup group, String name) {
        return group.getExternalResources().getOrDefault(name, 0.0);
    }

    @Test
    void focusAsksForGpusAndTheOthersForTheCpuPoolLabel() {
        SlotGroups groups = SlotGroups.sized(1, "cpu-pool");
        assertThat(resource(groups.focus(), "gpu")).isEqualTo(1.0);
        assertThat(resource(groups.focus(), "cpu-pool")).isZero();
        assertThat(resource(groups.io(), "cpu-pool")).isEqualTo(1.0);
        assertThat(resource(groups.glance(), "cpu-pool")).isEqualTo(1.0);
        assertThat(resource(groups.io(), "gpu")).isZero();
        assertThat(groups.glance().getCpuCores()).isPresent();
        assertThat(groups.io().getTaskHeapMemory()).isPresent();
    }

    @Test
    void withoutALabelOrGpusNothingAsksForExternalResources() {
        SlotGroups noLabel = SlotGroups.sized(1, "");
        assertThat(noLabel.io().getExternalResources()).isEmpty();
        assertThat(noLabel.glance().getExternalResources()).isEmpty();
        SlotGroups cpuFocus = SlotGroups.sized(0, null);
        assertThat(cpuFocus.focus().getExternalResources()).isEmpty();
        assertThat(SlotGroups.named().focus().getCpuCores()).isEmpty();
    }
}
