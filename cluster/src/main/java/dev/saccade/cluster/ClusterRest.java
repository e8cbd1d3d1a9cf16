package dev.saccade.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Flink's REST API as the cluster commands and tests read it: TaskManagers and the resources they advertise, jobs,
 * and which TaskManager runs which operator.
 */
public final class ClusterRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // shown for subtasks that are not deployed yet
    private static final String UNASSIGNED = "(unassigned)";

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ClusterRest(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** A registered TaskManager: its resource id, slots, and extended resources such as {@code gpu} with amounts. */
    public record TaskManager(String id, int slots, int freeSlots, Map<String, Double> extendedResources) {
        public boolean advertises(String resource) {
            return extendedResources.getOrDefault(resource, 0.0) > 0;
        }
    }

    /** A job as the cluster lists it. */
    public record Job(String id, String name, String state) {}

    /** GETs a REST path (no leading slash needed) and parses the JSON answer; any non-200 status is an IOException. */
    public JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(
                        "GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted during GET " + request.uri(), e);
        }
    }

    public List<TaskManager> taskManagers() throws IOException {
        List<TaskManager> out = new ArrayList<>();
        for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
            Map<String, Double> extended = new TreeMap<>();
            tm.path("totalResource")
                    .path("extendedResources")
                    .fields()
                    .forEachRemaining(e -> extended.put(e.getKey(), e.getValue().asDouble()));
            out.add(new TaskManager(
                    tm.path("id").asText(),
                    tm.path("slotsNumber").asInt(),
                    tm.path("freeSlots").asInt(),
                    extended));
        }
        return out;
    }

    /** Resource ids of the TaskManagers that advertise some amount of the external resource. */
    public Set<String> taskManagersAdvertising(String resource) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (TaskManager tm : taskManagers()) {
            if (tm.advertises(resource)) {
                ids.add(tm.id());
            }
        }
        return ids;
    }

    public List<Job> jobs() throws IOException {
        List<Job> out = new ArrayList<>();
        for (JsonNode j : get("jobs/overview").path("jobs")) {
            out.add(new Job(
                    j.path("jid").asText(),
                    j.path("name").asText(),
                    j.path("state").asText()));
        }
        return out;
    }

    public String jobState(String jobId) throws IOException {
        return get("jobs/" + jobId).path("state").asText();
    }

    /** Waits until the job is in one of the states; fails fast when it ends in another terminal state. */
    public String awaitJobState(String jobId, Duration timeout, String... states) throws IOException {
        Set<String> wanted = Set.of(states);
        Set<String> terminal = Set.of("FINISHED", "CANCELED", "FAILED");
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = jobState(jobId);
            if (wanted.contains(state)) {
                return state;
            }
            if (terminal.contains(state)) {
                throw new IllegalStateException("Job " + jobId + " ended " + state + " instead of " + wanted);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "Job " + jobId + " still " + state + " after " + timeout + "; wanted " + wanted);
    }

    /**
     * How many failures the job has had, each followed by a restart while its restart strategy allows: the entries of
     * its exception history (the JobManager keeps {@code web.exception-history-size} of them, 16 by default; -1 when
     * it kept fewer than happened).
     */
    public int failures(String jobId) throws IOException {
        JsonNode history =
                get("jobs/" + jobId + "/exceptions?maxExceptions=10000").path("exceptionHistory");
        if (history.path("truncated").asBoolean(false)) {
            return -1;
        }
        return history.path("entries").size();
    }

    /** Waits until every subtask of the job runs (or has finished): only then is its placement final. */
    public void awaitAllTasksDeployed(String jobId, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("jobs/" + jobId);
            boolean all = job.path("vertices").size() > 0;
            for (JsonNode v : job.path("vertices")) {
                String status = v.path("status").asText();
                all &= status.equals("RUNNING") || status.equals("FINISHED");
                // a vertex reads RUNNING once any subtask runs: after a failover the others may still be deploying
                var counts = v.path("tasks").fields();
                while (counts.hasNext()) {
                    var c = counts.next();
                    all &= c.getValue().asInt() == 0
                            || c.getKey().equals("RUNNING")
                            || c.getKey().equals("FINISHED");
                }
            }
            if (all) {
                return;
            }
            if (Set.of("FAILED", "CANCELED").contains(job.path("state").asText())) {
                throw new IllegalStateException(
                        "Job " + jobId + " ended " + job.path("state").asText());
            }
            sleep(250);
        }
        throw new IllegalStateException("Job " + jobId + " not fully deployed after " + timeout);
    }

    /** For each vertex of the job (by its name, chained operators joined by " -> "), the TaskManagers its subtasks ran on. */
    public Map<String, Set<String>> taskManagersByVertex(String jobId) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (JsonNode v : get("jobs/" + jobId).path("vertices")) {
            Set<String> tms = new TreeSet<>();
            for (JsonNode tm : get("jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                if (!id.isEmpty() && !UNASSIGNED.equals(id)) {
                    tms.add(id);
                }
            }
            out.merge(v.path("name").asText(), tms, (a, b) -> {
                a.addAll(b);
                return a;
            });
        }
        return out;
    }

    /** The TaskManagers that ran any subtask of the operator named {@code operator}, in whatever chain it sits. */
    public Set<String> taskManagersRunning(String jobId, String operator) throws IOException {
        Set<String> tms = new TreeSet<>();
        taskManagersByVertex(jobId).forEach((vertex, ids) -> {
            if (vertexContains(vertex, operator)) {
                tms.addAll(ids);
            }
        });
        return tms;
    }

    /** The TaskManagers that ran any subtask of a vertex that does not contain the operator. */
    public Set<String> taskManagersRunningAllBut(String jobId, String operator) throws IOException {
        Set<String> tms = new TreeSet<>();
        taskManagersByVertex(jobId).forEach((vertex, ids) -> {
            if (!vertexContains(vertex, operator)) {
                tms.addAll(ids);
            }
        });
        return tms;
    }

    /**
     * Where an operator ran against where a resource is: the TaskManagers that ran the operator, those that ran any
     * other vertex, and those that advertise the resource. "Focus ran on the GPU TaskManager and nothing else did" is
     * {@code onlyOnResource() && resourceExclusive()}.
     */
    public record Placement(
            Set<String> operatorTaskManagers, Set<String> otherTaskManagers, Set<String> resourceTaskManagers) {
        /** The operator ran, and only on TaskManagers that advertise the resource. */
        public boolean onlyOnResource() {
            return !operatorTaskManagers.isEmpty() && resourceTaskManagers.containsAll(operatorTaskManagers);
        }

        /** No other vertex ran on a TaskManager that advertises the resource. */
        public boolean resourceExclusive() {
            return otherTaskManagers.stream().noneMatch(resourceTaskManagers::contains);
        }
    }

    public Placement placement(String jobId, String operator, String resource) throws IOException {
        return new Placement(
                taskManagersRunning(jobId, operator),
                taskManagersRunningAllBut(jobId, operator),
                taskManagersAdvertising(resource));
    }

    /**
     * Whether a vertex name holds the operator: vertex names chain operator names with " -> ", and Flink writes sources
     * as "Source: name" and sink v2 parts as "name: Writer".
     */
    public static boolean vertexContains(String vertexName, String operator) {
        return Arrays.stream(vertexName.split(" -> "))
                .map(String::trim)
                .anyMatch(p -> p.equals(operator) || p.endsWith(": " + operator) || p.startsWith(operator + ": "));
    }

    /** Polling's pause: an interrupt ends the wait with an exception (the flag kept set). */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
