package dev.saccade.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that print JSON: speed and memory targets are measured here, never asserted in timed tests. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that write JSON reports; progress goes to stderr.",
        subcommands = {
            SkipConvBenchCommand.class,
            SkipConvBlocksBenchCommand.class,
            PipelineBenchCommand.class,
            FocusBenchCommand.class,
            GlanceBenchCommand.class,
            FuzzBenchCommand.class,
            SoakBenchCommand.class,
            FaultsBenchCommand.class,
            TeacherBenchCommand.class,
            DenseBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
