package dev.saccade.bench.fuzz;

import dev.saccade.job.JobSettings;
import dev.saccade.job.SaccadeJob;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;

/** The real job(s) of one run, each on its own local MiniCluster with a known REST port; their states watched. */
final class RunningJobs implements AutoCloseable {
    private record Running(String name, JobClient client, int restPort) {}

    private final List<Running> jobs = new ArrayList<>();
    private final Set<JobStatus> seen = EnumSet.noneOf(JobStatus.class);

    /** Starts the job {@code conf} describes, on a MiniCluster whose REST API listens on a free port. */
    void start(String name, Configuration conf) throws Exception {
        int port = JobRestarts.freePort();
        Configuration c = new Configuration(conf);
        c.set(RestOptions.BIND_PORT, Integer.toString(port));
        c.set(RestOptions.PORT, port);
        JobClient client = SaccadeJob.start(c, JobSettings.from(c));
        jobs.add(new Running(name, client, port));
    }

    /** Notes each job's state now; false once any job ended or is failing over. */
    boolean healthy() throws Exception {
        boolean ok = true;
        for (Running r : jobs) {
            JobStatus s = r.client().getJobStatus().get(10, TimeUnit.SECONDS);
            seen.add(s);
            ok &= s == JobStatus.RUNNING || s == JobStatus.CREATED || s == JobStatus.INITIALIZING;
        }
        return ok;
    }

    /** States any job was seen in (RESTARTING or FAILING mean a failover). */
    Set<JobStatus> statesSeen() {
        return seen;
    }

    /** numRestarts per job from the REST API (-1 where it did not answer). */
    Map<String, Long> restarts() throws InterruptedException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Running r : jobs) {
            out.put(r.name(), JobRestarts.of(r.restPort(), r.client().getJobID()));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Running r : jobs) {
            try {
                r.client().cancel().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already ended: nothing to cancel
            }
        }
    }
}
