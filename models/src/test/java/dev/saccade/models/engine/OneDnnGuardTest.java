package dev.saccade.models.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneDnnGuardTest {
    private static CpuFacts cpu(boolean cachesVisible) {
        return new CpuFacts("AuthenticAMD", "AMD EPYC", true, true, cachesVisible, "test");
    }

    @Test
    void capsOnlyWhereTheCpuHidesItsCaches() {
        assertThat(OneDnnGuard.decide(cpu(false), null, null, null).maxIsa()).isEqualTo("SSE41");
        assertThat(OneDnnGuard.decide(cpu(true), null, null, null).maxIsa()).isNull();
        assertThat(OneDnnGuard.decide(cpu(true), null, null, "auto").maxIsa()).isNull();
    }

    @Test
    void anExplicitEnvironmentOrSettingWins() {
        assertThat(OneDnnGuard.decide(cpu(false), "avx2", null, "none").maxIsa())
                .isEqualTo("AVX2");
        assertThat(OneDnnGuard.decide(cpu(true), null, "SSE41", null).source()).isEqualTo("environment");
        assertThat(OneDnnGuard.decide(cpu(false), null, null, "none").maxIsa()).isNull();
        assertThat(OneDnnGuard.decide(cpu(true), null, null, "avx2").maxIsa()).isEqualTo("AVX2");
    }

    @Test
    void readsCacheTopologyAndModelFromLinuxFiles(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(
                cpuinfo,
                "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R45\n"
                        + "flags\t\t: fpu avx2 avx512f avx512bw\n\nprocessor\t: 1\nmodel name\t: other\n");
        Path cache = dir.resolve("cache");
        CpuFacts hidden = CpuFacts.read(cpuinfo, cache);
        assertThat(hidden.modelName()).isEqualTo("AMD EPYC 9R45");
        assertThat(hidden.avx512()).isTrue();
        Files.createDirectories(cache.resolve("index0"));
        Files.writeString(cache.resolve("index0/size"), "48K\n");
        if (Files.exists(Path.of("/sys/devices/system/cpu"))) {
            assertThat(hidden.cacheTopologyVisible()).isFalse();
            assertThat(CpuFacts.read(cpuinfo, cache).cacheTopologyVisible()).isTrue();
        }
    }
}
