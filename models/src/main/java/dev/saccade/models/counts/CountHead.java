package dev.saccade.models.counts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many objects of each class group a clip holds, read off the glance's clip representation h by a linear model on
 * log(1 + count), distilled from the teacher's counts. A group the clip's label does not name counts 0; one it names
 * counts at least 1, so an event's counts never contradict its label.
 */
public record CountHead(
        @JsonProperty("groups") List<String> groups,
        @JsonProperty("weights") float[][] weights,
        @JsonProperty("bias") float[] bias,
        @JsonProperty("validation") Map<String, Double> validation) {
    public static final String FILE = "counts.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The expected count of each group, from h. */
    public double[] expected(float[] h) {
        double[] out = new double[groups.size()];
        for (int g = 0; g < out.length; g++) {
            double z = bias[g];
            for (int i = 0; i < h.length; i++) {
                z += weights[g][i] * h[i];
            }
            out[g] = Math.max(0, Math.expm1(z));
        }
        return out;
    }

    /** Whole counts per group, consistent with {@code label} (groups joined by '+', e.g. "person+vehicle"). */
    public Map<String, Integer> counts(float[] h, String label) {
        double[] e = expected(h);
        List<String> named = List.of(label.split("\\+"));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            out.put(groups.get(g), named.contains(groups.get(g)) ? Math.max(1, (int) Math.round(e[g])) : 0);
        }
        return out;
    }

    public void write(Path bundleDir) throws IOException {
        JSON.writeValue(bundleDir.resolve(FILE).toFile(), this);
    }

    /** The bundle's count head, or null where it has none (bundles of datasets without counts). */
    public static CountHead read(Path bundleDir) throws IOException {
        Path file = bundleDir.resolve(FILE);
        return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), CountHead.class) : null;
    }
}
