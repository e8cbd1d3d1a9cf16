package dev.saccade.cli.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live view's HTTP server (JDK {@code com.sun.net.httpserver}): the page and its script and style from the
 * jar, the JSON API, annotated snapshots and a Server-Sent Events stream of the board's state.
 *
 * <ul>
 *   <li>{@code GET /}: the page, with the current state inlined so it shows the streams before any request.
 *   <li>{@code GET /api/streams}: a JSON array, one object per stream ({@link StreamBoard#streamsJson}).
 *   <li>{@code GET /api/state}: streams with their recent labels, and the totals.
 *   <li>{@code GET /api/live}: Server-Sent Events, an {@code state} event with the state every second.
 *   <li>{@code GET /api/streams/ID/snapshot.jpg}: the stream's newest frame with its newest event drawn over it;
 *       {@code frame.jpg} the same frame without overlays.
 * </ul>
 */
public final class ViewServer implements AutoCloseable {
    /** How often the live stream sends the state. */
    static final long PUSH_INTERVAL_MS = 1000;

    /**
     * How long one Server-Sent Events response stays open before the server ends it and the browser reconnects
     * (after the {@code retry} delay). Bounded so that a client never holds a connection forever: headless browsers
     * wait for open requests before they call a page loaded.
     */
    static final long LIVE_RESPONSE_MS = 3000;

    private static final Pattern STREAM_PATH = Pattern.compile("/api/streams/([^/]+)/(snapshot|frame)\\.jpg");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/dev/saccade/cli/view/";

    private final StreamBoard board;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Map<String, Rendered> snapshots = new ConcurrentHashMap<>();

    private ViewServer(StreamBoard board, HttpServer server, ExecutorService executor) {
        this.board = board;
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code board} on {@code host:port} (port 0: any free port). */
    public static ViewServer start(StreamBoard board, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "view-http");
            t.setDaemon(true);
            return t;
        });
        ViewServer view = new ViewServer(board, server, executor);
        server.createContext("/", view::handle);
        server.setExecutor(executor);
        server.start();
        return view;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address as a browser on this machine opens it. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : server.getAddress().getHostString();
        return "http://" + host + ":" + port() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page());
                case "/view.js" -> send(ex, 200, "text/javascript; charset=utf-8", resource("view.js"));
                case "/view.css" -> send(ex, 200, "text/css; charset=utf-8", resource("view.css"));
                case "/api/streams" -> sendJson(ex, board.streamsJson());
                case "/api/state" -> sendJson(ex, board.stateJson());
                case "/api/live" -> live(ex);
                default -> {
                    Matcher m = STREAM_PATH.matcher(path);
                    if (m.matches()) {
                        image(
                                ex,
                                URLDecoder.decode(m.group(1), StandardCharsets.UTF_8),
                                m.group(2).equals("snapshot"));
                    } else {
                        send(ex, 404, "text/plain; charset=utf-8", ("no such page: " + path + "\n").getBytes());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away mid-response, or a bad request; the server carries on
        }
    }

    private void image(HttpExchange ex, String streamId, boolean overlays) throws IOException {
        var latest = board.latest(streamId);
        if (latest.isEmpty() || latest.get().frame() == null) {
            send(
                    ex,
                    404,
                    "text/plain; charset=utf-8",
                    (latest.isEmpty() ? "no stream " + streamId : "no frame of " + streamId + " yet").getBytes());
            return;
        }
        byte[] jpeg;
        try {
            jpeg = render(streamId, latest.get(), overlays);
        } catch (IllegalArgumentException undecodable) {
            send(ex, 422, "text/plain; charset=utf-8", (undecodable.getMessage() + "\n").getBytes());
            return;
        }
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        send(ex, 200, "image/jpeg", jpeg);
    }

    /** Renders (or reuses) a stream's image: several clients asking for the same frame and event cost one JPEG. */
    private byte[] render(String streamId, StreamBoard.Latest latest, boolean overlays) {
        String key = latest.frame().getSequence() + "/"
                + (latest.event() == null ? "-" : latest.event().getClipId()) + "/" + overlays;
        String cacheKey = streamId + (overlays ? "#s" : "#f");
        Rendered cached = snapshots.get(cacheKey);
        if (cached != null && cached.key.equals(key)) {
            return cached.jpeg;
        }
        var frame = Overlay.decode(latest.frame());
        byte[] jpeg = Overlay.jpeg(overlays ? Overlay.draw(frame, latest.event()) : Overlay.plain(frame));
        snapshots.put(cacheKey, new Rendered(key, jpeg));
        return jpeg;
    }

    private void live(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(("retry: " + PUSH_INTERVAL_MS + "\n\n").getBytes(StandardCharsets.UTF_8));
        long until = System.currentTimeMillis() + LIVE_RESPONSE_MS;
        while (open.get()) {
            out.write(("event: state\ndata: " + json(board.stateJson()) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (System.currentTimeMillis() + PUSH_INTERVAL_MS > until) {
                break;
            }
            try {
                Thread.sleep(PUSH_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private byte[] page() {
        String html = new String(resource("index.html"), StandardCharsets.UTF_8);
        // the state goes into a script element: keep "</script>" and the like out of it
        String state = json(board.stateJson()).replace("<", "\\u003c");
        return html.replace("/*INITIAL_STATE*/null", state).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ViewServer.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BASE + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendJson(HttpExchange ex, Object node) throws IOException {
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        send(ex, 200, "application/json; charset=utf-8", json(node).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        open.set(false);
        server.stop(0);
        executor.shutdownNow();
    }

    private record Rendered(String key, byte[] jpeg) {}
}
