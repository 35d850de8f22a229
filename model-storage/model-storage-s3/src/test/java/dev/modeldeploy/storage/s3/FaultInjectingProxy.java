package dev.modeldeploy.storage.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of the test S3 server that fails a share of requests: half of the failures
 * answer {@code 503 ServiceUnavailable}, half drop the connection without an answer. It forwards bytes
 * unchanged (so request signatures stay valid) and makes each connection carry one request.
 *
 * <p>The schedule is deterministic: whether a request fails depends only on the seed, the request
 * (method, path without the bucket, query without upload ids) and how many times that same request
 * was seen before, never on timing or the order in which concurrent requests arrive. A retry is a new
 * occurrence and gets a fresh draw. Thread-safe.
 */
final class FaultInjectingProxy implements AutoCloseable {
    /** What happened to one request. */
    enum Outcome { FORWARDED, SERVICE_UNAVAILABLE, DROPPED, RESPONSE_LOST }

    /** One request as seen by the proxy. */
    record Request(String method, String path, String query) {
        /** The path without its leading bucket segment. */
        String key() {
            int slash = path.indexOf('/', 1);
            return slash < 0 ? "" : path.substring(slash + 1);
        }

        /** What identifies the request in the schedule: upload ids are random, so they are left out. */
        String scheduleKey() {
            return method + " " + key() + "?" + query.replaceAll("(^|&)uploadId=[^&]*", "");
        }

        boolean hasQueryParameter(String name) {
            for (String p : query.split("&")) {
                if (p.equals(name) || p.startsWith(name + "=")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A request and its outcome, with the server's status when it answered. */
    record Exchange(Request request, Outcome outcome, int status) {
    }

    private final int upstreamPort;
    private final long seed;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> occurrences = new ConcurrentHashMap<>();
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private volatile double failureShare;
    private volatile Predicate<Request> scope = r -> true;
    private volatile boolean loseResponses;
    private volatile Predicate<Request> delayed = r -> false;
    private volatile Duration delay = Duration.ZERO;

    FaultInjectingProxy(int upstreamPort, long seed) throws IOException {
        this.upstreamPort = upstreamPort;
        this.seed = seed;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    /** The endpoint to give the S3 client. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Fails this share (0 to 1) of the requests in scope, with 503s and dropped connections. */
    FaultInjectingProxy failing(double share) {
        this.failureShare = share;
        this.loseResponses = false;
        return this;
    }

    /** Forwards the chosen share of the requests in scope but drops the connection before the answer. */
    FaultInjectingProxy losingResponses(double share) {
        this.failureShare = share;
        this.loseResponses = true;
        return this;
    }

    /** Limits faults to the requests matching {@code which} (default: all). */
    FaultInjectingProxy onlyFor(Predicate<Request> which) {
        this.scope = which;
        return this;
    }

    /** Holds each request matching {@code which} for {@code delay} before forwarding it, as a slow server would. */
    FaultInjectingProxy delaying(Predicate<Request> which, Duration delay) {
        this.delayed = which;
        this.delay = delay;
        return this;
    }

    /** Every request so far, in arrival order. */
    List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    long count(Outcome outcome) {
        return exchanges().stream().filter(e -> e.outcome() == outcome).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // Closed.
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            List<String> lines = headLines(head);
            String[] requestLine = lines.get(0).split(" ");
            URI target = URI.create(requestLine[1]);
            Request request = new Request(requestLine[0], target.getRawPath(), target.getRawQuery() == null ? "" : target.getRawQuery());
            double[] draws = draws(request);
            boolean fail = scope.test(request) && draws[0] < failureShare;
            if (fail && !loseResponses) {
                if (draws[1] < 0.5) {
                    exchanges.add(new Exchange(request, Outcome.DROPPED, 0));
                    client.setSoLinger(true, 0); // Reset, as a crashed load balancer would.
                } else {
                    exchanges.add(new Exchange(request, Outcome.SERVICE_UNAVAILABLE, 503));
                    answerUnavailable(client, in, lines);
                }
                return;
            }
            if (delayed.test(request)) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            forward(client, in, withConnectionClose(lines), request, fail);
        } catch (IOException e) {
            // The client or the server went away; the client sees a broken connection, as it would in life.
        }
    }

    private void forward(Socket client, InputStream clientIn, byte[] head, Request request, boolean loseResponse) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            OutputStream upOut = upstream.getOutputStream();
            upOut.write(head);
            upOut.flush();
            // The body, and nothing more: each connection carries one request (Connection: close).
            threads.execute(() -> {
                try {
                    clientIn.transferTo(upOut);
                } catch (IOException e) {
                    // Either side closed.
                }
            });
            InputStream upIn = new BufferedInputStream(upstream.getInputStream());
            OutputStream clientOut = client.getOutputStream();
            byte[] responseHead;
            int status;
            while (true) {
                responseHead = readHead(upIn);
                if (responseHead == null) {
                    exchanges.add(new Exchange(request, Outcome.DROPPED, 0));
                    return;
                }
                status = Integer.parseInt(headLines(responseHead).get(0).split(" ")[1]);
                if (status >= 200) {
                    break;
                }
                clientOut.write(responseHead); // 100 Continue: let the client send its body.
                clientOut.flush();
            }
            if (loseResponse) {
                upIn.transferTo(OutputStream.nullOutputStream());
                exchanges.add(new Exchange(request, Outcome.RESPONSE_LOST, status));
                client.setSoLinger(true, 0);
                return;
            }
            exchanges.add(new Exchange(request, Outcome.FORWARDED, status));
            clientOut.write(responseHead);
            upIn.transferTo(clientOut);
            clientOut.flush();
        }
    }

    private static void answerUnavailable(Socket client, InputStream in, List<String> lines) throws IOException {
        String length = header(lines, "content-length");
        if (length != null && header(lines, "expect") == null) {
            in.skipNBytes(Long.parseLong(length.trim())); // Read the body so that the client reads our answer.
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>ServiceUnavailable</Code>"
                + "<Message>Injected fault</Message><RequestId>fault</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        client.shutdownOutput();
    }

    /** Two uniform draws for this occurrence of the request: whether it fails, and how. */
    private double[] draws(Request request) {
        String key = request.scheduleKey();
        int occurrence = occurrences.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        // FNV-1a over the request, then a SplittableRandom: stable across JVMs and runs.
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        SplittableRandom random = new SplittableRandom(h ^ (occurrence * 0x9E3779B97F4A7C15L));
        return new double[] {random.nextDouble(), random.nextDouble()};
    }

    private static byte[] withConnectionClose(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                sb.append(line).append("\r\n");
            }
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String header(List<String> lines, String name) {
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static List<String> headLines(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }

    /** Reads up to and including the blank line ending an HTTP head; null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
