package dev.modeldeploy.runtime.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium for tests of pages we render, driven over the Chrome DevTools Protocol with the
 * JDK's WebSocket client. {@link #load} opens a file and waits for its load event; {@link #problems()} lists
 * what went wrong on the page since (uncaught exceptions, console errors and warnings, error log entries,
 * and any request other than the page itself: a self-contained page fetches nothing); {@link #evaluate}
 * runs JavaScript in the page and returns its JSON value; {@link #screenshot()} captures the whole page as a
 * PNG. Every wait gives up after {@link #TIMEOUT}. {@link #close()} kills the browser and deletes its
 * profile.
 *
 * <p>Debian's {@code chromium} package is used when installed ({@code /usr/bin/chromium}, {@code chromium} or
 * {@code chromium-browser} on the PATH), or the binary the system property or environment variable
 * {@value #BINARY} names ({@code none} to run without a browser). {@link #openOrSkip()} skips the calling test,
 * with a notice on stderr, where there is none. Not thread-safe: one test thread drives one browser.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The system property or environment variable naming the Chromium binary to use. */
    public static final String BINARY = "MODELDEPLOY_CHROMIUM";
    /** How long any wait for the browser lasts before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The viewport's width in CSS pixels (device scale 1), so that screenshots are alike everywhere. */
    public static final int VIEWPORT_WIDTH = 1280;
    /** What a test without a browser says, on stderr and as its skip reason. */
    public static final String SKIP_NOTICE = "SKIPPED (no Chromium): install Debian's chromium package to run the report browser test";
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>(); // guarded by itself
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
    private WebSocket socket;

    private HeadlessChromium(Path binary) throws IOException {
        profile = Files.createTempDirectory("modeldeploy-chromium-");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The Chromium binary to use, if one is installed. */
    public static Optional<Path> find() {
        String configured = Optional.ofNullable(System.getProperty(BINARY)).orElse(System.getenv(BINARY));
        if ("none".equals(configured)) {
            return Optional.empty();
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(BINARY + " names " + p + ", which is not an executable file");
            }
            return Optional.of(p);
        }
        Path debian = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the installed Chromium, or skips the calling test (JUnit assumption) with a visible notice on
     * stderr where none is installed.
     */
    public static HeadlessChromium openOrSkip() {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            notice();
            Assumptions.abort(SKIP_NOTICE);
        }
        return open(binary.get());
    }

    /**
     * Starts the installed Chromium, or prints the notice on stderr and returns empty where none is installed:
     * for a test class sharing one browser, which then skips each test with
     * {@code assumeTrue(browser.isPresent(), SKIP_NOTICE)} (an assumption in {@code @BeforeAll} would hide the
     * tests from the counts).
     */
    public static Optional<HeadlessChromium> openIfInstalled() {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            notice();
        }
        return binary.map(HeadlessChromium::open);
    }

    /**
     * Prints {@link #SKIP_NOTICE} on the test's stderr and on the JVM's own, which the build's console shows
     * even where the test's output goes to a report file.
     */
    private static void notice() {
        System.err.println(SKIP_NOTICE);
        java.io.PrintStream nativeErr = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        nativeErr.println(SKIP_NOTICE);
    }

    /** Starts {@code binary} headless and attaches to its page. */
    public static HeadlessChromium open(Path binary) {
        HeadlessChromium browser;
        try {
            browser = new HeadlessChromium(binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            browser.attach();
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    private void attach() {
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStderr(endpoint), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String browserUrl = await(endpoint, "Chromium to print its DevTools address");
        URI browserUri = URI.create(browserUrl);
        String page = pageTarget(browserUri.getPort());
        socket = await(http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()), "the DevTools connection");
        for (String domain : List.of("Runtime", "Log", "Page", "Network")) {
            call(domain + ".enable", JSON.createObjectNode());
        }
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", VIEWPORT_WIDTH).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    private void readStderr(CompletableFuture<String> endpoint) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 30) {
                        stderrTail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    endpoint.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // The browser went away; whoever waits learns it from the timeout and the stderr tail.
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium exited before listening: " + stderrTail()));
    }

    /** The page target's WebSocket address (the page may appear a moment after the browser listens). */
    private String pageTarget(int port) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(TIMEOUT).build();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode targets = JSON.readTree(http.send(list, HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText()) && t.hasNonNull("webSocketDebuggerUrl")) {
                        return t.get("webSocketDebuggerUrl").asText();
                    }
                }
                Thread.sleep(50);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list Chromium's targets", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("Chromium showed no page target within " + TIMEOUT.toSeconds() + " s");
    }

    /**
     * Opens {@code file} and waits for its load event. Forgets the problems of earlier pages, so that
     * {@link #problems()} is about this one.
     */
    public void load(Path file) {
        load(file.toAbsolutePath().toUri());
    }

    /**
     * Opens {@code page} (a file or a page a test server serves) and waits for its load event. Requests for
     * anything but {@code page} itself count as problems. Forgets the problems of earlier pages.
     */
    public void load(URI page) {
        String url = page.toString();
        allowed.clear();
        allowed.add(url);
        synchronized (problems) {
            problems.clear();
        }
        loaded = new CompletableFuture<>();
        JsonNode result = call("Page.navigate", JSON.createObjectNode().put("url", url));
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("Chromium cannot open " + url + ": " + result.get("errorText").asText());
        }
        await(loaded, "the load event of " + url);
        // The load event carries no URL: make sure it was this page's (not a late one of about:blank).
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!evaluate("document.readyState === 'complete' && location.href !== 'about:blank'").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + TIMEOUT.toSeconds() + " s for " + url + " to load");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + url, e);
            }
        }
    }

    /** Runs {@code expression} in the page and returns its value as JSON (promises are awaited). */
    public JsonNode evaluate(String expression) {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the script failed in the page: " + describe(r.get("exceptionDetails")));
        }
        return r.path("result").path("value");
    }

    /** The whole page (not just the viewport) as a PNG. */
    public byte[] screenshot() {
        JsonNode size = call("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("width", Math.ceil(size.path("width").asDouble()))
                .put("height", Math.ceil(size.path("height").asDouble())).put("scale", 1);
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    /** What went wrong on the page since it was loaded; empty for a clean page. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private void problem(String p) {
        synchronized (problems) {
            problems.add(p);
        }
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode call(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        // The WebSocket allows one outstanding send at a time: wait for each.
        await(socket.sendText(message.toString(), true), "sending " + method);
        JsonNode response = await(answer, "the answer to " + method);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    private void event(String method, JsonNode params) {
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.exceptionThrown" -> problem("uncaught exception: " + describe(params.path("exceptionDetails")));
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    List<String> args = new ArrayList<>();
                    params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
                    problem("console." + type + ": " + String.join(" ", args));
                }
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    problem("log error (" + entry.path("source").asText() + "): " + entry.path("text").asText() + " "
                            + entry.path("url").asText(""));
                }
            }
            case "Network.requestWillBeSent" -> {
                String url = params.path("request").path("url").asText();
                if (!allowed.contains(url)) {
                    problem("request for " + url);
                }
            }
            default -> {
            }
        }
    }

    private static String describe(JsonNode details) {
        JsonNode exception = details.path("exception");
        String text = exception.has("description") ? exception.get("description").asText() : details.path("text").asText();
        return text + " (line " + details.path("lineNumber").asInt() + ")";
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("gave up waiting " + TIMEOUT.toSeconds() + " s for " + what
                    + "; Chromium's last words: " + stderrTail(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    private String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Kills the browser (and its helper processes) and deletes its profile. */
    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Chromium did not exit within " + TIMEOUT.toSeconds() + " s of being killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the browser was closed")));
        deleteProfile();
    }

    private void deleteProfile() {
        // A helper process may still be writing a moment after the main one died: try twice.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reassembles fragmented messages (a screenshot comes in many) and routes answers and events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                dispatch(message);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String message) {
            try {
                JsonNode n = JSON.readTree(message);
                if (n.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(n.get("id").asLong());
                    if (f != null) {
                        f.complete(n);
                    }
                } else if (n.has("method")) {
                    event(n.get("method").asText(), n.path("params"));
                }
            } catch (IOException e) {
                problem("unreadable DevTools message: " + e.getMessage());
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            // A crashed page closes the connection: fail what waits at once rather than after the timeout.
            IllegalStateException closed = new IllegalStateException("the DevTools connection closed (" + statusCode + " "
                    + reason + "); Chromium's last words: " + stderrTail());
            pending.values().forEach(f -> f.completeExceptionally(closed));
            loaded.completeExceptionally(closed);
            return null;
        }
    }
}
