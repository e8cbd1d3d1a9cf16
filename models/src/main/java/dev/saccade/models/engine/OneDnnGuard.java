package dev.saccade.models.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before libtorch loads, how far oneDNN's JIT kernels may go on this CPU, and caps them where they compute
 * wrong results.
 *
 * <p>oneDNN (inside libtorch) sizes its convolution blocking from the CPU's cache description (CPUID leaves 4 and
 * 0x8000001D). Virtual machines that hide those leaves exist; on one (AMD EPYC Zen 5, AVX-512, no cache leaves) its
 * AVX, AVX2 and AVX-512 convolutions gave wrong sums and NaN while its SSE4.1 kernels were right (README, "Same answers
 * on every CPU", has the op-by-op evidence). So where the caches are not described, {@code ONEDNN_MAX_CPU_ISA} is set
 * to {@code SSE41} in this process's C environment before the engine loads; where they are, nothing changes. The
 * bundle self-check ({@code BundleSelfCheck}) then verifies the outcome against float64 outputs either way.
 *
 * <p>Override with {@code -Dsaccade.onednn.max-isa=} or {@code SACCADE_ONEDNN_MAX_ISA}: {@code auto} (default),
 * {@code none} (never cap) or a oneDNN ISA name such as {@code SSE41} or {@code AVX2}. An {@code ONEDNN_MAX_CPU_ISA}
 * or {@code DNNL_MAX_CPU_ISA} already in the environment wins over everything.
 */
public final class OneDnnGuard {
    public static final String PROPERTY = "saccade.onednn.max-isa";
    public static final String ENV = "SACCADE_ONEDNN_MAX_ISA";
    /** The ISA oneDNN reads its cap from (DNNL_ is the older name, read when ONEDNN_ is unset). */
    public static final String ONEDNN_ENV = "ONEDNN_MAX_CPU_ISA";

    public static final String DNNL_ENV = "DNNL_MAX_CPU_ISA";
    /** The cap where the CPU hides its caches: the highest ISA whose kernels were right there. */
    public static final String SAFE_ISA = "SSE41";

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnGuard.class);
    private static Decision decision;

    /** What the guard decided for this process. */
    public record Decision(String maxIsa, String source, String reason, CpuFacts cpu) {
        /** Null maxIsa: oneDNN picks the best ISA the CPU has. */
        public String maxIsaOrDefault() {
            return maxIsa == null ? "default (best the CPU has)" : maxIsa;
        }

        public String describe() {
            return "oneDNN max ISA " + maxIsaOrDefault() + " (" + source + ": " + reason + ")";
        }
    }

    private OneDnnGuard() {}

    /**
     * Applies the decision once per process; call before anything loads libtorch (the engine provider
     * {@link GuardEngineProvider} does so whenever DJL's Engine class initialises). Later calls return the same decision.
     */
    public static synchronized Decision ensure() {
        if (decision == null) {
            decision = decide(
                    CpuFacts.read(),
                    System.getenv(ONEDNN_ENV),
                    System.getenv(DNNL_ENV),
                    System.getProperty(PROPERTY, System.getenv(ENV)));
            if (decision.maxIsa() != null && !"environment".equals(decision.source())) {
                setenv(ONEDNN_ENV, decision.maxIsa());
                setenv(DNNL_ENV, decision.maxIsa());
            }
            LOG.info("{} on {}", decision.describe(), decision.cpu().describe());
        }
        return decision;
    }

    /** The environment variables a launcher should give a child JVM so it starts with this process's decision. */
    public static java.util.Map<String, String> childEnvironment() {
        Decision d = ensure();
        return d.maxIsa() == null ? java.util.Map.of() : java.util.Map.of(ONEDNN_ENV, d.maxIsa(), DNNL_ENV, d.maxIsa());
    }

    static Decision decide(CpuFacts cpu, String onednnEnv, String dnnlEnv, String setting) {
        String preset = onednnEnv != null && !onednnEnv.isBlank() ? onednnEnv : dnnlEnv;
        if (preset != null && !preset.isBlank()) {
            return new Decision(
                    preset.trim().toUpperCase(Locale.ROOT),
                    "environment",
                    (onednnEnv != null && !onednnEnv.isBlank() ? ONEDNN_ENV : DNNL_ENV) + " is set",
                    cpu);
        }
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim();
        if (s.equalsIgnoreCase("none")) {
            return new Decision(null, "setting", PROPERTY + "=none", cpu);
        }
        if (!s.equalsIgnoreCase("auto")) {
            return new Decision(s.toUpperCase(Locale.ROOT), "setting", PROPERTY + "=" + s, cpu);
        }
        if (cpu.x86() && !cpu.cacheTopologyVisible()) {
            return new Decision(
                    SAFE_ISA,
                    "auto",
                    "the CPU describes no caches, and oneDNN's AVX and AVX-512 "
                            + "convolutions were wrong on such a CPU",
                    cpu);
        }
        return new Decision(null, "auto", "the CPU describes its caches", cpu);
    }

    private interface CLib extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static void setenv(String name, String value) {
        try {
            CLib c = Native.load("c", CLib.class);
            if (c.setenv(name, value, 1) != 0) {
                LOG.warn("could not set {}={} for the engine", name, value);
            }
        } catch (LinkageError | RuntimeException e) { // no JNA or no libc: the self-check still guards
            LOG.warn("could not set {}={} for the engine: {}", name, value, e.toString());
        }
    }
}
