package dev.saccade.bench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/** A job's restart count from its MiniCluster's REST API (the JobManager's {@code numRestarts} gauge). */
final class JobRestarts {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRestarts() {}

    /** A port nothing listens on now, for a MiniCluster's REST endpoint. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * numRestarts of the job, or -1 where the REST API does not report it within a few tries (the metric fetcher
     * refreshes every few seconds).
     */
    static long of(int restPort, JobID job) throws InterruptedException {
        URI uri = URI.create("http://localhost:" + restPort + "/jobs/" + job + "/metrics?get=numRestarts");
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    for (JsonNode m : JSON.readTree(r.body())) {
                        if ("numRestarts".equals(m.path("id").asText())) {
                            return Long.parseLong(m.path("value").asText());
                        }
                    }
                }
            } catch (IOException e) {
                // the endpoint may not answer yet: try again
            }
            Thread.sleep(1_000);
        }
        return -1;
    }
}
