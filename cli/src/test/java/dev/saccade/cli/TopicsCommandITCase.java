package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.broker.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ./saccade topics against a real broker: creates what is missing with the asked partitions, leaves the rest. */
class TopicsCommandITCase {
    @Test
    void createsTheMissingTopicsAndLeavesExistingOnes() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, "t1.events");
            PrintStream saved = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int rc;
            try {
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                rc = new CommandLine(new SaccadeCli())
                        .execute(
                                "topics",
                                "--bootstrap",
                                broker.bootstrapServers(),
                                "--prefix",
                                "t1",
                                "--partitions",
                                "3",
                                "--retention-hours",
                                "2");
            } finally {
                System.setOut(saved);
            }

            assertThat(rc).isZero();
            String out = printed.toString(StandardCharsets.UTF_8);
            assertThat(out).containsPattern("t1.frames +3 partitions +created");
            assertThat(out).containsPattern("t1.events +1 partitions +exists");
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertThat(names).contains("t1.frames", "t1.events", "t1.dead-letters", "t1.focus-requests");
                ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, "t1.frames");
                Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs =
                        admin.describeConfigs(Set.of(frames)).all().get(10, TimeUnit.SECONDS);
                assertThat(configs.get(frames)
                                .get(TopicConfig.RETENTION_MS_CONFIG)
                                .value())
                        .isEqualTo(Long.toString(2 * 3_600_000L));
            }
        }
    }

    @Test
    void anUnreachableBrokerIsNamedInOneLine() {
        StringWriter err = new StringWriter();
        int rc = SaccadeCli.commandLine().setErr(new PrintWriter(err)).execute("topics", "--bootstrap", "127.0.0.1:1");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap").contains("127.0.0.1:1");
    }
}
