package dev.saccade.models.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What this machine's CPU says about itself: vendor, model name, vector ISA and whether it describes its caches. */
public record CpuFacts(
        String vendor,
        String modelName,
        boolean avx512,
        boolean x86,
        boolean cacheTopologyVisible,
        String cacheSource) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path CPU0_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** Reads the facts of this machine (Linux: /proc/cpuinfo and sysfs; elsewhere what the JVM knows). */
    public static CpuFacts read() {
        return read(CPUINFO, CPU0_CACHE);
    }

    static CpuFacts read(Path cpuinfo, Path cpu0Cache) {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        Map<String, String> first = firstProcessor(cpuinfo);
        String flags = " " + first.getOrDefault("flags", "") + " ";
        boolean visible;
        String source;
        if (!Files.exists(Path.of("/sys/devices/system/cpu"))) {
            visible = true; // not Linux: nothing to read here, and nothing known to be missing
            source = "no sysfs (not Linux)";
        } else {
            visible = hasCacheIndex(cpu0Cache);
            source = cpu0Cache
                    + (visible ? " lists the caches" : " lists no caches (CPUID leaves 4 / 0x8000001D empty)");
        }
        return new CpuFacts(
                first.getOrDefault("vendor_id", "unknown"),
                first.getOrDefault("model name", System.getProperty("os.arch", "unknown")),
                flags.contains(" avx512f "),
                x86,
                visible,
                source);
    }

    private static boolean hasCacheIndex(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(
                    p -> p.getFileName().toString().startsWith("index") && Files.isRegularFile(p.resolve("size")));
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> firstProcessor(Path cpuinfo) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            if (line.isBlank() && !out.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** One line for logs and error messages. */
    public String describe() {
        return modelName + " (" + vendor + (avx512 ? ", AVX-512" : "") + "; " + cacheSource + ")";
    }
}
