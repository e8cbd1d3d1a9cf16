package dev.saccade.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceDriver;
import org.apache.flink.api.common.externalresource.ExternalResourceDriverFactory;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DelegatingConfiguration;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gpu driver on its own, and loaded the way a TaskManager loads it: from the plugin jar the cluster writes. */
class GpuDriverFactoryTest {

    private static Configuration gpuTaskManager(String indices, long amount) {
        Configuration c = new Configuration();
        c.setString("external-resources", "gpu");
        c.setString("external-resource.gpu.amount", Long.toString(amount));
        c.setString("external-resource.gpu.driver-factory.class", GpuDriverFactory.class.getName());
        if (indices != null) {
            c.setString("external-resource.gpu.param.indices", indices);
        }
        return c;
    }

    @Test
    void reportsIndexZeroByDefault() throws Exception {
        ExternalResourceDriver driver = new GpuDriverFactory().createExternalResourceDriver(new Configuration());
        Set<? extends ExternalResourceInfo> infos = driver.retrieveResourceInfo(1);
        assertThat(infos).hasSize(1);
        ExternalResourceInfo gpu = infos.iterator().next();
        assertThat(gpu.getKeys()).containsExactly("index");
        assertThat(gpu.getProperty("index")).contains("0");
        assertThat(gpu.getProperty("uuid")).isEmpty();
    }

    @Test
    void readsItsIndicesUnderTheResourcesParamPrefix() throws Exception {
        // Flink hands the factory only the keys under external-resource.gpu.param.
        Configuration params = new DelegatingConfiguration(gpuTaskManager(" 2, 5 ", 2), "external-resource.gpu.param.");
        Set<? extends ExternalResourceInfo> infos =
                new GpuDriverFactory().createExternalResourceDriver(params).retrieveResourceInfo(2);
        assertThat(infos).extracting(i -> i.getProperty("index").orElseThrow()).containsExactly("2", "5");
    }

    @Test
    void refusesAnAmountLargerThanItsIndices() throws Exception {
        ExternalResourceDriver driver = new GpuDriverFactory().createExternalResourceDriver(new Configuration());
        assertThatThrownBy(() -> driver.retrieveResourceInfo(2)).hasMessageContaining("amount is 2");
    }

    @Test
    void taskManagerFindsTheDriverInThePluginJarTheClusterWrites(@TempDir Path plugins) throws Exception {
        LocalCluster.writeGpuPlugin(plugins);
        Configuration conf = gpuTaskManager("0", 1);
        // what a TaskManager does (ExternalResourceUtils): a plugin manager over FLINK_PLUGINS_DIR, every
        // ExternalResourceDriverFactory it offers, the one whose class name the configuration gives
        DefaultPluginManager pluginManager = new DefaultPluginManager(
                new DirectoryBasedPluginFinder(plugins).findPlugins(),
                CoreOptions.getPluginParentFirstLoaderPatterns(conf));
        List<ExternalResourceDriverFactory> factories = new ArrayList<>();
        pluginManager.load(ExternalResourceDriverFactory.class).forEachRemaining(factories::add);
        assertThat(factories)
                .extracting(f -> f.getClass().getName())
                .containsExactly(conf.getString("external-resource.gpu.driver-factory.class", null));
        ExternalResourceDriverFactory factory = factories.get(0);
        assertThat(factory.getClass().getClassLoader())
                .as("loaded from the plugin jar, not the classpath")
                .isNotSameAs(GpuDriverFactory.class.getClassLoader());

        Set<? extends ExternalResourceInfo> infos = factory.createExternalResourceDriver(
                        new DelegatingConfiguration(conf, "external-resource.gpu.param."))
                .retrieveResourceInfo(1);
        assertThat(infos).extracting(i -> i.getProperty("index").orElseThrow()).containsExactly("0");
    }
}
