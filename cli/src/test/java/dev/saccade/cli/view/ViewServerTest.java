package dev.saccade.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.schemas.DeadLetter;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The view's HTTP API against a board filled by hand. */
class ViewServerTest {
    private final AtomicLong now = new AtomicLong(100_000);
    private final StreamBoard board = new StreamBoard(now::get);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ViewServer server;

    @BeforeEach
    void start() throws Exception {
        server = ViewServer.start(board, "127.0.0.1", 0);
        // cam-1: 10 frames at 10 fps of capture time, its last clip ended 400 ms before its newest frame
        for (int i = 0; i < 10; i++) {
            now.addAndGet(100);
            board.onFrame(ViewFixtures.frame("cam-1", i, 50_000 + 100L * i));
        }
        board.onEvent(ViewFixtures.event("cam-1", 0, 50_500));
        // cam-0: an event, no frame yet (a view started on a running cluster)
        board.onEvent(ViewFixtures.event("cam-0", 8, 1_000));
        board.onDeadLetter(DeadLetter.newBuilder()
                .setTopic("saccade.frames")
                .setPartition(0)
                .setOffset(3)
                .setReason("bad")
                .setErrorClass("AVRO_DECODE")
                .setTime(Instant.EPOCH)
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void apiStreamsListsEveryStreamWithItsLastEventAsTheEventsCommandPrintsIt() throws Exception {
        HttpResponse<String> r = get("/api/streams", HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode streams = json.readTree(r.body());
        assertThat(streams.isArray()).isTrue();
        assertThat(streams).hasSize(2);
        JsonNode cam0 = streams.get(0);
        JsonNode cam1 = streams.get(1);
        assertThat(cam0.get("streamId").asText()).isEqualTo("cam-0");
        assertThat(cam0.get("lagMs").isNull()).isTrue();
        assertThat(cam0.get("framesPerSecond").asDouble()).isZero();
        assertThat(cam1.get("streamId").asText()).isEqualTo("cam-1");
        assertThat(cam1.get("framesPerSecond").asDouble()).isEqualTo(10.0);
        assertThat(cam1.get("lagMs").asLong()).isEqualTo(400);
        JsonNode e = cam1.get("lastEvent");
        assertThat(e.get("clipId").asText()).isEqualTo("cam-1:0");
        assertThat(e.get("label").asText()).isEqualTo("walk-left");
        assertThat(e.get("stage").asText()).isEqualTo("focus-1");
        assertThat(e.get("lastCaptureTime").asText()).isEqualTo("1970-01-01T00:00:50.500Z");
        assertThat(e.get("patches").get(0).get("x").asInt()).isEqualTo(40);
        assertThat(e.get("detections").get(0).get("className").asText()).isEqualTo("person");
        assertThat(e)
                .isEqualTo(json.readTree(dev.saccade.cli.AvroJson.toJsonLine(ViewFixtures.event("cam-1", 0, 50_500))));

        // frames stop: after the rate window the stream's rate drops to zero
        now.addAndGet(StreamBoard.RATE_WINDOW_MS + 1);
        JsonNode later = json.readTree(
                get("/api/streams", HttpResponse.BodyHandlers.ofString()).body());
        assertThat(later.get(1).get("framesPerSecond").asDouble()).isZero();
    }

    @Test
    void stateHasTotals() throws Exception {
        JsonNode totals = json.readTree(
                        get("/api/state", HttpResponse.BodyHandlers.ofString()).body())
                .get("totals");
        assertThat(totals.get("events").asLong()).isEqualTo(2);
        assertThat(totals.get("eventsByStage").get("focus-1").asLong()).isEqualTo(2);
        assertThat(totals.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(totals.get("gmacsPerClip").asDouble()).isEqualTo(0.1);
        assertThat(totals.get("denseGmacsPerClip").asDouble()).isEqualTo(1.4);
        assertThat(totals.get("saving").asDouble()).isCloseTo(14.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(totals.get("maxLagMs").asLong()).isEqualTo(400);
    }

    @Test
    void snapshotDiffersFromTheRawFrameWherePatchesAreDrawn() throws Exception {
        HttpResponse<byte[]> snap = get("/api/streams/cam-1/snapshot.jpg", HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> raw = get("/api/streams/cam-1/frame.jpg", HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snap.statusCode()).isEqualTo(200);
        assertThat(snap.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(snap.body().length).isGreaterThan(2000);
        BufferedImage s = ImageIO.read(new ByteArrayInputStream(snap.body()));
        BufferedImage f = ImageIO.read(new ByteArrayInputStream(raw.body()));
        assertThat(s.getWidth()).isEqualTo(640);
        assertThat(f.getWidth()).isEqualTo(640);
        // the patch's left edge (JPEG: compare colours, not exact values)
        assertThat(OverlayTest.distance(f, s, 80, 124)).isGreaterThan(100);
        // far from every overlay the frames match up to JPEG noise
        assertThat(OverlayTest.distance(f, s, 600, 20)).isLessThan(30);

        assertThat(get("/api/streams/cam-0/snapshot.jpg", HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/streams/nope/snapshot.jpg", HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void pageInlinesTheStateAndLiveSendsServerSentEvents() throws Exception {
        HttpResponse<String> page = get("/", HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Saccade", "\"streamId\":\"cam-1\"", "/view.js")
                .doesNotContain("/*INITIAL_STATE*/");
        assertThat(get("/view.js", HttpResponse.BodyHandlers.ofString()).body()).contains("EventSource");
        assertThat(get("/view.css", HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);

        HttpResponse<java.io.InputStream> live = get("/api/live", HttpResponse.BodyHandlers.ofInputStream());
        assertThat(live.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).startsWith("retry: ");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo("event: state");
            String data = in.readLine();
            assertThat(data).startsWith("data: ");
            assertThat(json.readTree(data.substring(6)).get("streams")).hasSize(2);
        }
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                body);
    }
}
