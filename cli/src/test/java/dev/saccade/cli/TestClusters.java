package dev.saccade.cli;

import dev.saccade.broker.EmbeddedKafkaBroker;
import dev.saccade.cluster.JobArtifacts;
import dev.saccade.cluster.LocalCluster;
import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.job.kafka.CommittedReader;
import dev.saccade.schemas.ClassifiedEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** What the cluster integration tests share: a cluster on free ports under target/, its teardown, reading events. */
final class TestClusters {
    private TestClusters() {}

    /**
     * Starts a cluster with these settings under target/{@code name} (not a temp dir: its logs outlive a failed run for
     * whoever has to read them), on free ports, after stopping whatever a failed run left there.
     */
    static LocalCluster start(String name, Configuration settings) throws Exception {
        Configuration c = new Configuration(settings);
        c.set(LocalClusterOptions.DIR, Path.of("target", name).toAbsolutePath().toString());
        c.set(LocalClusterOptions.REST_PORT, freePort());
        c.set(LocalClusterOptions.RPC_PORT, freePort());
        LocalCluster cluster = new LocalCluster(c);
        cluster.down(true, System.err);
        cluster.up(JobArtifacts.locate(), System.err);
        return cluster;
    }

    /** Stops the cluster if it still runs, then the broker. */
    static void stop(LocalCluster cluster, EmbeddedKafkaBroker broker) throws Exception {
        try {
            if (cluster != null && !cluster.pids().isEmpty()) {
                cluster.down(false, System.err);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * Committed events of the topic until they cover {@code frames} frames or {@code wait} passes, then 3 s more: a clip
     * delivered twice would show up then.
     */
    static List<ClassifiedEvent> readEvents(EmbeddedKafkaBroker broker, String topic, int frames, Duration wait)
            throws Exception {
        List<ClassifiedEvent> got = new ArrayList<>();
        try (CommittedReader<ClassifiedEvent> reader =
                new CommittedReader<>(broker.bootstrapServers(), topic, ClassifiedEvent.class, false)) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && framesIn(got) < frames) {
                reader.poll(Duration.ofMillis(300), got::add);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                reader.poll(Duration.ofMillis(300), got::add);
            }
        }
        return got;
    }

    static int framesIn(Collection<ClassifiedEvent> events) {
        return events.stream().mapToInt(ClassifiedEvent::getFrameCount).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
