package dev.saccade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./saccade demo --view PORT} in this JVM: the API lists the streams with their events, a snapshot carries
 * its overlays, and (where a {@code chromium} binary exists) a headless browser renders the page with the streams.
 */
class ViewDemoITCase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DEMO_RC = new AtomicInteger(-1);
    private static Thread demo;
    private static int port;
    private static JsonNode streams;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startDemoAndWaitForTwoStreamsWithEvents() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        demo = new Thread(
                () -> DEMO_RC.set(SaccadeCli.commandLine()
                        .execute(
                                "demo",
                                "--view",
                                Integer.toString(port),
                                "--duration",
                                "75",
                                "--streams",
                                "2",
                                "--model",
                                "../models/bundle")),
                "view-demo");
        demo.start();
        long until = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(3);
        while (System.currentTimeMillis() < until && demo.isAlive()) {
            Thread.sleep(2000);
            try {
                JsonNode s = JSON.readTree(get("/api/streams", HttpResponse.BodyHandlers.ofString())
                        .body());
                boolean ready = s.size() >= 2;
                for (JsonNode stream : s) {
                    ready &= !stream.get("lastEvent").isNull();
                }
                if (ready) {
                    streams = s;
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the view starts after the broker
            }
        }
        throw new AssertionError("no /api/streams with two streams and their events on port " + port);
    }

    @AfterAll
    static void demoEndsCleanly() throws Exception {
        demo.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(demo.isAlive()).isFalse();
        assertThat(DEMO_RC.get()).isZero();
    }

    @Test
    void apiListsTheStreamsAndTheSnapshotCarriesOverlays() throws Exception {
        assertThat(streams).hasSize(2);
        for (JsonNode s : streams) {
            assertThat(s.get("streamId").asText()).isIn("cam-0", "cam-1");
            assertThat(s.get("lastEvent").get("streamId").asText())
                    .isEqualTo(s.get("streamId").asText());
            assertThat(s.get("lastEvent").get("label").asText()).isNotEmpty();
            assertThat(s.has("framesPerSecond")).isTrue();
            assertThat(s.has("lagMs")).isTrue();
            // through the broker and Flink: the differencing's grid (160x120 in tiles of 16) rides on every event
            JsonNode tiles = s.get("lastEvent").get("changedTiles");
            assertThat(tiles.isObject())
                    .as("changedTiles of %s", s.get("streamId"))
                    .isTrue();
            assertThat(tiles.get("columns").asInt()).isEqualTo(10);
            assertThat(tiles.get("rows").asInt()).isEqualTo(8);
        }
        String id = streams.get(0).get("streamId").asText();
        HttpResponse<byte[]> snapshot =
                get("/api/streams/" + id + "/snapshot.jpg", HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.body().length).isGreaterThan(2000);
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(snapshot.body()));
        assertThat(image.getWidth()).isEqualTo(640); // 320x240 synthetic frames, drawn at twice their size

        String page = get("/", HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains(id);
        JsonNode totals = JSON.readTree(
                        get("/api/state", HttpResponse.BodyHandlers.ofString()).body())
                .get("totals");
        assertThat(totals.get("events").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(totals.get("denseGmacsPerClip").asDouble()).isGreaterThan(0);
    }

    @Test
    void headlessChromiumRendersTheStreams() throws Exception {
        Optional<Path> chromium = browser();
        if (chromium.isEmpty()) {
            System.err.println("ViewDemoITCase: no chromium binary on PATH: the headless browser check is skipped");
        }
        Assumptions.assumeTrue(
                chromium.isPresent(), "no chromium binary on PATH: the headless browser check is skipped");
        String id = streams.get(0).get("streamId").asText();
        Path png = dir.resolve("view.png");
        Path dom = dir.resolve("view.html");
        run(chromium.get(), dom.toFile(), "--window-size=1400,900", "--screenshot=" + png);
        run(chromium.get(), dom.toFile(), "--dump-dom");
        assertThat(Files.size(png)).isGreaterThan(20_000);
        assertThat(Files.readString(dom)).contains("tile-" + id);
    }

    private static void run(Path chromium, File out, String... args) throws Exception {
        String[] base = {
            chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=8000"
        };
        String[] cmd = Arrays.copyOf(base, base.length + args.length + 1);
        System.arraycopy(args, 0, cmd, base.length, args.length);
        cmd[cmd.length - 1] = "http://127.0.0.1:" + port + "/";
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + String.join(" ", cmd));
        }
    }

    private static Optional<Path> browser() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path p = Path.of(dirName, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                body);
    }
}
