package dev.saccade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar holds what a cluster needs and nothing else: every class in it loads on the classpath a cluster
 * process has (Flink, logging, the engines), and none of the command line, the benches, the local cluster or the
 * embedded broker is inside.
 */
class JobJarITCase {
    @Test
    void everyClassInTheJobJarLoadsOnAClustersClasspath() throws Exception {
        JobArtifacts artifacts = JobArtifacts.locate();
        Path jar = artifacts.jobJar();
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        for (Path p : artifacts.clusterClasspath()) {
            urls.add(p.toUri().toURL());
        }
        List<String> classes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile());
                URLClassLoader loader =
                        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                String cls =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                classes.add(cls);
                try {
                    Class.forName(cls, false, loader);
                } catch (ClassNotFoundException | LinkageError err) {
                    failures.add(cls + ": " + err);
                }
            }
        }
        assertThat(classes)
                .contains(
                        "dev.saccade.job.SaccadeJob",
                        "dev.saccade.job.command.JobCommand",
                        "dev.saccade.operators.adaptive.FocusOperator",
                        "dev.saccade.models.engine.GuardEngineProvider");
        assertThat(classes)
                .noneMatch(c -> c.startsWith("dev.saccade.cli.")
                        || c.startsWith("dev.saccade.bench.")
                        || c.startsWith("dev.saccade.cluster.")
                        || c.startsWith("dev.saccade.deploy.")
                        || c.startsWith("dev.saccade.broker.")
                        || c.startsWith("kafka.server.")
                        || c.startsWith("ai.djl."));
        assertThat(failures)
                .as("classes of %s that do not load on a cluster's classpath", jar)
                .isEmpty();
    }
}
