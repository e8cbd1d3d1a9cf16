package dev.saccade.cluster;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceDriver;
import org.apache.flink.api.common.externalresource.ExternalResourceDriverFactory;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Flink external resource driver for {@code gpu}: reports the GPU indices it is configured with. A TaskManager loads
 * it through its plugin manager (a jar under {@code plugins/gpu/}), so everything it needs is in these three classes.
 */
public final class GpuDriverFactory implements ExternalResourceDriverFactory {
    /** Read under {@code external-resource.gpu.param.}: comma-separated device indices this TaskManager may use. */
    public static final ConfigOption<String> INDICES = ConfigOptions.key("indices")
            .stringType()
            .defaultValue("0")
            .withDescription("Comma-separated GPU indices this TaskManager advertises.");

    @Override
    public ExternalResourceDriver createExternalResourceDriver(Configuration params) {
        return new Driver(List.of(params.get(INDICES).split(",")).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList());
    }

    /** Hands out the first {@code amount} configured indices; no device probing, so it also runs without a GPU. */
    public static final class Driver implements ExternalResourceDriver {
        private final List<String> indices;

        Driver(List<String> indices) {
            this.indices = indices;
        }

        @Override
        public Set<GpuInfo> retrieveResourceInfo(long amount) {
            if (amount > indices.size()) {
                throw new IllegalArgumentException("external-resource.gpu.amount is " + amount + " but only "
                        + indices.size() + " index(es) are configured: " + indices);
            }
            Set<GpuInfo> infos = new LinkedHashSet<>();
            indices.stream().limit(amount).forEach(i -> infos.add(new GpuInfo(i)));
            return infos;
        }
    }

    /** One GPU, as operators see it through {@code RuntimeContext.getExternalResourceInfos("gpu")}. */
    public record GpuInfo(String index) implements ExternalResourceInfo {
        public static final String INDEX = "index";

        @Override
        public Optional<String> getProperty(String key) {
            return INDEX.equals(key) ? Optional.of(index) : Optional.empty();
        }

        @Override
        public Collection<String> getKeys() {
            return List.of(INDEX);
        }
    }
}
