package lab.book;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol, which lays a page out at exactly the viewport asked for.
 *
 * <p>Not {@code --window-size} with {@code --screenshot} or {@code --dump-dom}: a headless window is never narrower
 * than 500 px, so a "390 px" screenshot is a 500 px layout cut off at the right. Every wait here has a deadline, and
 * {@link #close()} ends the browser and every process it started.
 */
final class Chromium implements AutoCloseable {

    /** The browsers this can drive, in the order it looks for them on the PATH (as the report's browser test). */
    static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** How long one command, the start or a page load may take before the test fails (a cold start takes ~2 s). */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile, log;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String session;

    /** The first browser on the PATH, if any. */
    static Optional<Path> find() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return BROWSERS.stream().flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts {@code browser} headless with a fresh profile in {@code scratch}, and opens one tab to drive. */
    Chromium(Path browser, Path scratch) throws Exception {
        profile = Files.createTempDirectory(scratch, "profile");
        log = scratch.resolve("chromium.log");
        process = new ProcessBuilder(browser.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the browser writes its port and path here once it listens (port 0: it picks a free one)
            Path active = profile.resolve("DevToolsActivePort");
            long until = System.nanoTime() + DEADLINE.toNanos();
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!process.isAlive()) throw new IOException(browser + " ended at start: " + tail());
                if (System.nanoTime() > until) throw new TimeoutException(browser + " did not listen within " + DEADLINE + ": " + tail());
                Thread.sleep(50);
                if (Files.exists(active)) lines = Files.readAllLines(active);
            }
            URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(DEADLINE)
                    .buildAsync(uri, new Replies()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
            session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Lays {@code page} out in a viewport of this size (a phone's, with its touch-sized defaults, if {@code mobile}) and waits until it has loaded. */
    void open(URI page, int width, int height, boolean mobile) throws Exception {
        call("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        // by way of a blank page, so that the page open before, even the same one, is never measured instead
        for (String url : List.of("about:blank", page.toString())) {
            call("Page.navigate", Map.of("url", url));
            // loaded: this page, every image decoded, every font ready
            awaitTrue("""
                    location.href === %s && document.readyState === 'complete'
                      && [...document.images].every(i => i.complete) && document.fonts.status === 'loaded'"""
                    .formatted(JSON.writeValueAsString(url)), url + " loaded");
        }
    }

    /** Waits until a JavaScript condition holds in the open page, asking every 50 ms until the deadline. */
    private void awaitTrue(String condition, String what) throws Exception {
        long until = System.nanoTime() + DEADLINE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < until) {
            try {
                if (evaluate(condition).asBoolean()) return;
            } catch (IllegalStateException e) { // a page between two documents has no context to evaluate in yet
                last = e;
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("not " + what + " within " + DEADLINE + (last == null ? "" : " (last: " + last.getMessage() + ")"));
    }

    /** The value of a JavaScript expression in the open page (a promise is awaited), as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (reply.has("exceptionDetails")) {
            JsonNode details = reply.get("exceptionDetails");
            throw new IllegalStateException("the page's script failed: " + details.path("exception").path("description")
                    .asText(details.path("text").asText()));
        }
        return reply.get("result").path("value");
    }

    /** A PNG of the viewport, or of this rectangle of the page (CSS pixels, from the page's top left) if given. */
    byte[] screenshot(double... clip) throws Exception {
        Map<String, Object> parameters = clip.length == 0 ? Map.of("format", "png") : Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", clip[0], "y", clip[1], "width", clip[2], "height", clip[3], "scale", 1));
        return Base64.getDecoder().decode(call("Page.captureScreenshot", parameters).get("data").asText());
    }

    /** Sends a command to the open tab and returns its result. */
    JsonNode call(String method, Map<String, ?> parameters) throws Exception {
        return call(session, method, parameters);
    }

    private JsonNode call(String session, String method, Map<String, ?> parameters) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(parameters));
        if (session != null) message.put("sessionId", session);
        var reply = new CompletableFuture<JsonNode>();
        pending.put(id, reply);
        try {
            synchronized (socket) { // a text message must be sent whole before the next one starts
                socket.sendText(JSON.writeValueAsString(message), true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode answer = reply.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) throw new IllegalStateException(method + " failed: " + answer.get("error"));
            return answer.get("result");
        } catch (TimeoutException e) {
            throw new TimeoutException(method + " got no answer from the browser within " + DEADLINE + " (its output: " + log + ")");
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    /** Hands each answer to the command waiting for it; events are not needed and dropped. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    var waiting = message.has("id") ? pending.get(message.get("id").asInt()) : null;
                    if (waiting != null) waiting.complete(message);
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(new IOException("the browser closed its DevTools connection (" + statusCode + " " + reason + "): " + tail()));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(new IOException("the DevTools connection failed: " + error + ": " + tail(), error));
        }

        /** A browser that went away answers no command: fail those waiting now rather than at their deadline. */
        private void ended(IOException why) {
            pending.values().forEach(waiting -> waiting.completeExceptionally(why));
        }
    }

    private String tail() {
        try {
            // without the D-Bus complaints a headless browser always prints, which are harmless
            List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.contains(":ERROR:dbus/")).toList();
            return lines.isEmpty() ? "(no other output)" : String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Ends the browser, and any process it started, within the deadline, and removes its profile. */
    @Override
    public void close() throws InterruptedException {
        if (socket != null) socket.abort();
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
        // its lock files are links to outside the profile, which a JUnit @TempDir warns about when it cleans up
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the scratch folder's owner to remove
        }
    }
}
