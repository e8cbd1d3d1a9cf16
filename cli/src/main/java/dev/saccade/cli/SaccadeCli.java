package dev.saccade.cli;

import dev.saccade.job.command.JobCommand;
import dev.saccade.operators.ingest.AvroLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./saccade} command line: one entry point, a subcommand per task. */
@Command(
        name = "saccade",
        mixinStandardHelpOptions = true,
        version = "saccade 0.1.0",
        description = "Classifies many video streams from Kafka, spending compute only where it matters.",
        subcommands = {
            DemoCommand.class,
            FeedCommand.class,
            EventsCommand.class,
            JobCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            LabelCommand.class,
            TopicsCommand.class,
            BenchCommand.class,
            ClusterCommand.class,
            DeployCommand.class,
            EnginesCommand.class,
            GoldenCommand.class,
            ViewCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SaccadeCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        AvroLimits.install();
        int rc = commandLine().execute(args);
        // Kafka and Flink leave non-daemon threads behind; the command's own exit code is what counts
        System.exit(rc);
    }

    /**
     * The command line, with a mistyped or out-of-range option reported as one line naming it (and exit code 2)
     * before anything starts, instead of the whole usage text or a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SaccadeCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandName();
            ex.getCommandLine()
                    .getErr()
                    .println("saccade " + command + ": " + ex.getMessage() + " (./saccade " + command
                            + " --help lists the options)");
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
