package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A mistyped, missing or out-of-range option is one line naming it, exit code 2, before anything starts. */
class CliOptionsTest {
    private record Outcome(int rc, String err, double seconds) {}

    private static Outcome run(String... args) {
        CommandLine cl = SaccadeCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int rc = cl.execute(args);
        return new Outcome(rc, err.toString().strip(), (System.nanoTime() - start) / 1e9);
    }

    private static void rejected(Outcome o, String... mentions) {
        assertThat(o.rc()).as(o.err()).isEqualTo(2);
        assertThat(o.err().lines()).as("one line: %s", o.err()).hasSize(1);
        assertThat(o.err()).contains(mentions);
        assertThat(o.seconds()).as("nothing started").isLessThan(20);
    }

    @Test
    void outOfRangeNumbersNameTheOptionAndTheBound() {
        rejected(run("demo", "--streams", "0"), "--streams must be at least 1 (got 0)");
        rejected(run("demo", "--duration", "-5"), "--duration must be at least 0 (got -5)");
        rejected(run("demo", "--fps", "0"), "--fps must be a positive number");
        rejected(run("demo", "--jpeg-quality", "101"), "--jpeg-quality must be between 1 and 100");
        rejected(run("feed", "--bootstrap", "127.0.0.1:9", "--streams", "-1"), "--streams");
        rejected(run("demo", "--view", "70000"), "--view must be between 0 and 65535 (got 70000)");
        rejected(run("view", "--bootstrap", "127.0.0.1:9", "--port", "-1"), "--port must be between 0 and 65535");
        rejected(
                run("report", "--eval", "/no/such.json", "--out", "/tmp/x"),
                "--eval /no/such.json is not a readable file");
        rejected(
                run("bench", "fuzz", "--records", "-1", "--out", "/tmp/f.json"),
                "--records must be at least 0 (got -1)");
        rejected(
                run("bench", "fuzz", "--streams", "0", "--out", "/tmp/f.json"),
                "--streams must be between 1 and 64 (got 0)");
        rejected(
                run("bench", "fuzz", "--frames", "4", "--out", "/tmp/f.json"),
                "--frames must be between 16 and 100000 (got 4)");
        rejected(
                run("bench", "soak", "--minutes", "0", "--out", "/tmp/s.json"), "--minutes must be at least 1 (got 0)");
    }

    @Test
    void unknownChoicesListWhatIsAccepted() {
        rejected(run("demo", "--mode", "bogus"), "--mode must be one of adaptive, dense, motion (got 'bogus')");
        rejected(run("job", "--bootstrap", "127.0.0.1:9", "--focus-device", "tpu"), "--focus-device", "gpu");
        rejected(run("job", "--bootstrap", "127.0.0.1:9", "--stage", "half"), "--stage", "glance");
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        rejected(run("demo", "--input", "/no/such/video.avi"), "--input /no/such/video.avi");
        rejected(run("demo", "--model", "/no/such/bundle"), "--model /no/such/bundle has no manifest.json");
        rejected(run("eval", "--workload", "footage", "--input", "/no/such.avi"), "--input /no/such.avi is not a file");
        rejected(run("train", "--out", "/tmp/x", "--init", "/no/such/bundle"), "--init /no/such/bundle");
        rejected(run("label", "--input", "/no/such.avi", "--out", "/tmp/x"), "--input /no/such.avi is not a file");
    }

    @Test
    void aWorkloadIsOneOfTheKnownOnesAndFootageNeedsVideos() {
        rejected(run("train", "--workload", "bogus", "--out", "/tmp/x"), "--workload 'bogus' is unknown");
        rejected(run("eval", "--workload", "footage"), "--input is needed with --workload footage");
        rejected(run("eval", "--input", "a.avi"), "--input is needed with --workload footage and only there");
    }

    @Test
    void missingAndMalformedOptionsAreOneLineToo() {
        rejected(run("feed"), "--bootstrap");
        rejected(run("demo", "--streams", "four"), "--streams", "four");
        rejected(run("demo", "--stremas", "4"), "--stremas");
    }

    @Test
    void anUnreachableBrokerIsNamedWithinTheTimeout() {
        Outcome o = run("feed", "--bootstrap", "127.0.0.1:9", "--frames", "1");
        assertThat(o.rc()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("--bootstrap", "127.0.0.1:9", "within 10 s");
        assertThat(o.seconds()).isLessThan(30);
    }
}
