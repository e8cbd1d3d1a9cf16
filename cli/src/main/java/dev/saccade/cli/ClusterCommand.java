package dev.saccade.cli;

import dev.saccade.cluster.ClusterPlan;
import dev.saccade.cluster.ClusterRest;
import dev.saccade.cluster.JobArtifacts;
import dev.saccade.cluster.LocalCluster;
import dev.saccade.cluster.LocalClusterOptions;
import dev.saccade.job.command.SettingsMixin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./saccade cluster up|submit|cancel|status|down}: a multi-process Flink cluster on this machine. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "A Flink session cluster on this machine: a JobManager, a CPU TaskManager (cpu-tm) and a TaskManager "
                        + "advertising the external resource gpu (gpu-tm), each its own JVM, state under ~/.saccade/cluster.",
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Submit.class,
            ClusterCommand.Cancel.class,
            ClusterCommand.Status.class,
            ClusterCommand.Down.class
        })
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** A subcommand whose expected failures (no cluster, a taken port, a failed start) print one line, not a trace. */
    abstract static class Action implements Callable<Integer> {
        @Override
        public final Integer call() throws Exception {
            try {
                return run();
            } catch (IllegalStateException | IllegalArgumentException e) {
                System.err.println("cluster: " + e.getMessage());
                return 1;
            }
        }

        abstract int run() throws Exception;
    }

    /** {@code --dir}, shared by every subcommand. */
    static final class DirOption {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "State directory of the cluster (default: $SACCADE_CLUSTER_DIR, else ~/.saccade/cluster).")
        Path dir;

        /** Adds the state directory to the settings unless they already name one. */
        Configuration apply(Configuration c) {
            if (dir != null) {
                c.set(LocalClusterOptions.DIR, dir.toString());
            } else if (!c.contains(LocalClusterOptions.DIR) && System.getenv("SACCADE_CLUSTER_DIR") != null) {
                c.set(LocalClusterOptions.DIR, System.getenv("SACCADE_CLUSTER_DIR"));
            }
            return c;
        }

        LocalCluster cluster() {
            return new LocalCluster(apply(new Configuration()));
        }
    }

    /** Starts the cluster and waits until both TaskManagers registered. */
    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description =
                    "Starts the JobManager and both TaskManagers as separate JVMs and waits until both TaskManagers "
                            + "registered. Any Flink option given with --set goes into every process's config.yaml.")
    static final class Up extends Action {
        @Mixin
        DirOption dir;

        @Mixin
        SettingsMixin settings;

        @Option(names = "--rest-port", description = "REST API and web UI port (default: 8081).")
        Integer restPort;

        @Option(names = "--cpu-slots", description = "Slots of the CPU TaskManager (default: 2).")
        Integer cpuSlots;

        @Option(names = "--gpu-slots", description = "Slots of the GPU TaskManager (default: 2).")
        Integer gpuSlots;

        @Override
        int run() throws Exception {
            Map<String, String> defaults = new HashMap<>();
            if (restPort != null) {
                defaults.put(LocalClusterOptions.REST_PORT.key(), restPort.toString());
            }
            if (cpuSlots != null) {
                defaults.put(LocalClusterOptions.CPU_SLOTS.key(), cpuSlots.toString());
            }
            if (gpuSlots != null) {
                defaults.put(LocalClusterOptions.GPU_SLOTS.key(), gpuSlots.toString());
            }
            LocalCluster cluster = new LocalCluster(dir.apply(settings.configuration(defaults)));
            cluster.up(JobArtifacts.locate(), System.err);
            System.out.println(cluster.webUrl());
            return 0;
        }
    }

    /** Submits the shaded job jar; prints the job id. */
    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = {
                "Submits the job jar to the running cluster (the way `flink run -d` does, with this build's "
                        + "Flink client) and prints the job id on stdout. Arguments after -- go to the job's main class, which "
                        + "takes the options of `./saccade job`.",
                "Example: ./saccade cluster submit -- --bootstrap localhost:9092 --set saccade.checkpoint.interval=2s"
            })
    static final class Submit extends Action {
        @Mixin
        DirOption dir;

        @Option(
                names = "--jar",
                paramLabel = "JAR",
                description = "Job jar to submit (default: job/target/saccade-job-*-flink-job.jar).")
        Path jar;

        @Parameters(paramLabel = "JOB_ARGS", arity = "0..*", description = "Arguments of the job (after --).")
        List<String> jobArgs = new ArrayList<>();

        @Override
        int run() throws Exception {
            LocalCluster cluster = dir.cluster();
            Path jarFile = jar != null ? jar : JobArtifacts.locate().jobJar();
            String jobId = cluster.submit(jarFile, jobArgs);
            System.err.println("cluster: submitted " + jarFile.getFileName() + " as job " + jobId + "; see "
                    + cluster.webUrl() + "/#/job/running/" + jobId);
            System.out.println(jobId);
            return 0;
        }
    }

    /** Cancels a job on the cluster. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job on the running cluster.")
    static final class Cancel extends Action {
        @Mixin
        DirOption dir;

        @Parameters(paramLabel = "JOB_ID", description = "Id of the job, as submit printed it.")
        String jobId;

        @Override
        int run() throws Exception {
            dir.cluster().cancel(jobId);
            System.err.println("cluster: cancelled " + jobId);
            return 0;
        }
    }

    /** Shows the processes, TaskManagers and jobs. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Shows which cluster processes run, the registered TaskManagers with their slots and resources, "
                            + "and the jobs. Exit code 0 only when all three processes run and the REST API answers.")
    static final class Status extends Action {
        @Mixin
        DirOption dir;

        @Override
        int run() {
            LocalCluster cluster = dir.cluster();
            LocalCluster.Status s = cluster.status();
            System.out.println(
                    "cluster in " + s.stateDir() + (s.stopped() ? ": not running" : ", web UI " + s.webUrl()));
            for (LocalCluster.ProcessState p : s.processes()) {
                System.out.printf(
                        "  %-11s %-12s %s%n",
                        p.name(),
                        p.pid().map(pid -> "pid " + pid).orElse("-"),
                        p.alive() ? "running, log " + cluster.plan().logFile(p.name()) : "not running");
            }
            s.taskManagers().ifPresent(tms -> {
                System.out.println("TaskManagers:");
                for (ClusterRest.TaskManager tm : tms) {
                    System.out.printf(
                            "  %-11s %d slots (%d free)%s%n",
                            tm.id(),
                            tm.slots(),
                            tm.freeSlots(),
                            tm.extendedResources().isEmpty() ? "" : ", advertises " + tm.extendedResources());
                }
            });
            s.jobs().ifPresent(jobs -> {
                System.out.println("jobs:" + (jobs.isEmpty() ? " none" : ""));
                for (ClusterRest.Job j : jobs) {
                    System.out.printf("  %s %-10s %s%n", j.id(), j.state(), j.name());
                }
            });
            return s.running() ? 0 : 1;
        }
    }

    /** Stops the cluster. */
    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description =
                    "Stops every cluster process (jobs on it end) and removes the generated configuration, pid files "
                            + "and checkpoints; logs and savepoints stay unless --purge.")
    static final class Down extends Action {
        @Mixin
        DirOption dir;

        @Option(names = "--purge", description = "Delete the whole state directory, logs included.")
        boolean purge;

        @Override
        int run() throws Exception {
            LocalCluster cluster = dir.cluster();
            List<String> stopped = cluster.down(purge, System.err);
            System.err.println("cluster: " + (stopped.isEmpty() ? "nothing was running" : "stopped " + stopped)
                    + (purge
                            ? "; removed " + cluster.plan().stateDir()
                            : "; logs stay in "
                                    + cluster.plan()
                                            .logFile(ClusterPlan.JOBMANAGER)
                                            .getParent()));
            return 0;
        }
    }
}
