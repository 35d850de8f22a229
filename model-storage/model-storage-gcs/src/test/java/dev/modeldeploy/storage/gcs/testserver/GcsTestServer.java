package dev.modeldeploy.storage.gcs.testserver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modeldeploy.storage.gcs.testserver.FaultSchedule.Fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A Google Cloud Storage JSON API server for tests, on the JDK's HTTP server: the requests the real
 * {@code google-cloud-storage} client sends for object reads, writes and listings, answered the way
 * GCS answers them.
 *
 * <ul>
 *   <li>Multipart uploads ({@code uploadType=multipart}, gzip bodies) and resumable uploads: session
 *       start, chunk {@code PUT}s with {@code Content-Range} answered {@code 308} + {@code Range}, status
 *       queries ({@code bytes *}/…), overlapping resends and finalization.</li>
 *   <li>Declared {@code crc32c} / {@code md5Hash} are checked against the received bytes (400), and
 *       {@code ifGenerationMatch} and friends are checked at commit (412).</li>
 *   <li>Object metadata ({@code projection=full}), media downloads ({@code alt=media}, {@code Range},
 *       {@code generation}) with {@code x-goog-hash}, {@code x-goog-generation} and
 *       {@code x-goog-stored-content-length}; listings with {@code prefix} and {@code pageToken};
 *       deletes; bucket get and insert.</li>
 * </ul>
 *
 * <p>Object bytes live on disk under the data folder, never in the heap. Hooks make it misbehave on
 * purpose: a {@link FaultSchedule} (503s, dropped connections, truncated downloads), served bytes
 * corrupted under their true checksum, and buckets that refuse every request with 403. Thread-safe.
 */
public final class GcsTestServer implements AutoCloseable {
    private static final Pattern OBJECT_PATH = Pattern.compile("^/(?:download/)?storage/v1/b/([^/]+)/o/(.+)$");
    private static final Pattern OBJECTS_PATH = Pattern.compile("^/(?:upload/)?storage/v1/b/([^/]+)/o/?$");
    private static final Pattern BUCKET_PATH = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
    private static final Pattern CONTENT_RANGE = Pattern.compile("^bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)$");
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final int MAX_MULTIPART_BYTES = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor;
    private final ObjectStorage storage;
    private final String host;
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private volatile FaultSchedule faults = FaultSchedule.none();
    private volatile boolean corruptDownloads;
    private volatile boolean storedContentHeaders = true;
    private volatile boolean corruptUploads;
    private final java.util.concurrent.atomic.AtomicInteger authorized = new java.util.concurrent.atomic.AtomicInteger();

    private GcsTestServer(Path dataDirectory) throws IOException {
        this.storage = new ObjectStorage(dataDirectory);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gcs-test-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        this.host = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Starts a server on a free loopback port, keeping objects under {@code dataDirectory}. */
    public static GcsTestServer start(Path dataDirectory) throws IOException {
        GcsTestServer s = new GcsTestServer(dataDirectory);
        s.http.start();
        return s;
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234}: a client's host, or {@code STORAGE_EMULATOR_HOST}. */
    public String host() {
        return host;
    }

    /** Creates a bucket (no-op if it exists). */
    public void createBucket(String name) {
        storage.createBucket(name);
    }

    /** Answers every request on this bucket with 403, as for a caller without permission. */
    public void denyAccess(String bucket) {
        denied.add(bucket);
    }

    /** Replaces the fault schedule. */
    public void faults(FaultSchedule schedule) {
        this.faults = schedule;
    }

    /** Whether media downloads serve altered bytes (under the original {@code x-goog-hash}). */
    public void corruptDownloads(boolean corrupt) {
        this.corruptDownloads = corrupt;
    }

    /** Whether resumable uploads store altered bytes (one flipped bit per chunk), as a faulty network would deliver them. */
    public void corruptUploads(boolean corrupt) {
        this.corruptUploads = corrupt;
    }

    /** How many requests carried an {@code Authorization} header (never recorded: only counted). */
    public int authorizedRequests() {
        return authorized.get();
    }

    /**
     * Whether media downloads carry {@code x-goog-stored-content-length} and
     * {@code x-goog-stored-content-encoding}, as GCS sends them (default true). The 2.x client takes
     * their presence for a transcoded download and then skips its own CRC32C check.
     */
    public void storedContentHeaders(boolean send) {
        this.storedContentHeaders = send;
    }

    /** Every request so far as {@code "METHOD /raw/path?query -> outcome"}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Names of the live objects in a bucket whose names start with {@code prefix}. */
    public List<String> objectNames(String bucket, String prefix) {
        return storage.list(bucket, prefix, null, Integer.MAX_VALUE).stream().map(StoredObject::name).toList();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch ----

    private void handle(HttpExchange ex) throws IOException {
        String rawQuery = ex.getRequestURI().getRawQuery();
        String line = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
        Fault fault = faults.next(line);
        if (ex.getRequestHeaders().containsKey("Authorization")) {
            authorized.incrementAndGet();
        }
        try {
            if (fault == Fault.DROP_BEFORE) {
                requests.add(line + " -> dropped before");
                ex.close();
                return;
            }
            if (fault == Fault.SERVICE_UNAVAILABLE) {
                requests.add(line + " -> 503 injected");
                send(ex, error(new HttpError(503, "backendError", "We encountered an internal error. Please try again.")), false);
                return;
            }
            Reply reply;
            try {
                reply = route(ex, query(rawQuery));
            } catch (HttpError e) {
                reply = error(e);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                reply = error(HttpError.badRequest("unparseable request: " + e.getMessage()));
            }
            if (fault == Fault.DROP_AFTER || (fault == Fault.TRUNCATE && reply.media() == null)) {
                requests.add(line + " -> " + reply.status() + " dropped after");
                ex.close();
                return;
            }
            requests.add(line + " -> " + reply.status() + (fault == Fault.TRUNCATE ? " truncated" : ""));
            send(ex, reply, fault == Fault.TRUNCATE);
        } catch (IOException e) {
            // The client went away or its body broke off; nothing left to answer.
            requests.add(line + " -> broken: " + e);
            ex.close();
        } catch (RuntimeException e) {
            requests.add(line + " -> 500 " + e);
            send(ex, error(new HttpError(500, "internalError", String.valueOf(e))), false);
        }
    }

    private Reply route(HttpExchange ex, Map<String, String> q) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        Matcher m;
        if ((m = OBJECT_PATH.matcher(path)).matches()) {
            String bucket = checkAccess(decode(m.group(1)));
            String name = decode(m.group(2));
            if ("GET".equals(method) && ("media".equals(q.get("alt")) || path.startsWith("/download/"))) {
                return media(ex, storage.get(bucket, name, generation(q)));
            }
            if ("GET".equals(method)) {
                return Reply.json(200, resource(storage.get(bucket, name, generation(q))));
            }
            if ("DELETE".equals(method)) {
                storage.delete(bucket, name, generation(q), Preconditions.from(q));
                return Reply.empty(204);
            }
        } else if ((m = OBJECTS_PATH.matcher(path)).matches()) {
            String bucket = checkAccess(decode(m.group(1)));
            if (path.startsWith("/upload/")) {
                return upload(ex, bucket, q);
            }
            if ("GET".equals(method)) {
                return list(bucket, q);
            }
        } else if ((m = BUCKET_PATH.matcher(path)).matches() && "GET".equals(method)) {
            String bucket = checkAccess(decode(m.group(1)));
            if (!storage.bucketExists(bucket)) {
                throw HttpError.noSuchBucket();
            }
            return Reply.json(200, bucketResource(bucket));
        } else if (path.matches("^/storage/v1/b/?$") && "POST".equals(method)) {
            Map<String, Object> body = jsonBody(ex);
            String name = String.valueOf(body.get("name"));
            if (!storage.createBucket(name)) {
                throw new HttpError(409, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
            }
            return Reply.json(200, bucketResource(name));
        }
        throw new HttpError(501, "notImplemented", "the test server does not implement " + method + " " + path);
    }

    private String checkAccess(String bucket) {
        if (denied.contains(bucket)) {
            throw new HttpError(403, "forbidden", "anonymous caller does not have storage.objects.get access to the Google Cloud "
                    + "Storage bucket. Permission 'storage.objects.get' denied on resource (or it may not exist).");
        }
        return bucket;
    }

    // ---- uploads ----

    private Reply upload(HttpExchange ex, String bucket, Map<String, String> q) throws IOException {
        String method = ex.getRequestMethod();
        String uploadType = q.getOrDefault("uploadType", "");
        if ("PUT".equals(method) && q.containsKey("upload_id")) {
            return resumablePut(ex, storage.session(q.get("upload_id")));
        }
        if (!"POST".equals(method)) {
            throw new HttpError(405, "methodNotAllowed", method + " is not allowed on an upload URL without upload_id");
        }
        switch (uploadType) {
            case "multipart" -> {
                byte[] body = body(ex, MAX_MULTIPART_BYTES);
                List<byte[]> parts = Multipart.parts(body, Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type")));
                if (parts.size() != 2) {
                    throw HttpError.badRequest("a multipart upload has a metadata part and a media part, got " + parts.size());
                }
                Map<String, Object> resource = parts.get(0).length == 0 ? new LinkedHashMap<>()
                        : JSON.readValue(parts.get(0), new TypeReference<LinkedHashMap<String, Object>>() { });
                String name = objectName(resource, q);
                HashingFile data = storage.newIncoming();
                try (data) {
                    data.write(parts.get(1), 0, parts.get(1).length);
                }
                return Reply.json(200, resource(storage.commit(bucket, name, data, resource, Preconditions.from(q))));
            }
            case "media" -> {
                String name = objectName(Map.of(), q);
                HashingFile data = storage.newIncoming();
                try (data; InputStream in = requestBody(ex)) {
                    data.append(in, Long.MAX_VALUE);
                }
                return Reply.json(200, resource(storage.commit(bucket, name, data, Map.of(), Preconditions.from(q))));
            }
            case "resumable" -> {
                Map<String, Object> resource = jsonBody(ex);
                String name = objectName(resource, q);
                ObjectStorage.UploadSession s = storage.startSession(bucket, name, resource, Preconditions.from(q));
                String location = host + "/upload/storage/v1/b/" + encode(bucket) + "/o?uploadType=resumable&name="
                        + encode(name) + "&upload_id=" + s.id;
                return Reply.empty(200).header("Location", location).header("X-GUploader-UploadID", s.id);
            }
            default -> throw HttpError.badRequest("unsupported uploadType '" + uploadType + "'");
        }
    }

    private Reply resumablePut(HttpExchange ex, ObjectStorage.UploadSession session) throws IOException {
        checkAccess(session.bucket);
        String contentRange = ex.getRequestHeaders().getFirst("Content-Range");
        long length = contentLength(ex);
        long first = 0;
        Long total = length;
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) {
                throw HttpError.badRequest("Failed to parse Content-Range header: " + contentRange);
            }
            total = "*".equals(m.group(3)) ? null : Long.parseLong(m.group(3));
            if (m.group(1) != null) {
                first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                if (last - first + 1 != length) {
                    throw HttpError.badRequest("Content-Range " + contentRange + " does not match Content-Length " + length);
                }
            } else if (length != 0) {
                throw HttpError.badRequest("a status query (bytes */...) has no body");
            }
        }
        StoredObject done;
        try (InputStream in = corruptUploads ? new FlipFirstBit(ex.getRequestBody()) : ex.getRequestBody()) {
            done = session.put(first, length, total, in);
        }
        if (done != null) {
            return Reply.json(200, resource(done));
        }
        long persisted = session.persisted();
        Reply incomplete = Reply.empty(308);
        return persisted == 0 ? incomplete : incomplete.header("Range", "bytes=0-" + (persisted - 1));
    }

    private static String objectName(Map<String, Object> resource, Map<String, String> q) {
        Object name = q.containsKey("name") ? q.get("name") : resource.get("name");
        if (!(name instanceof String s) || s.isEmpty()) {
            throw HttpError.badRequest("Required parameter: name");
        }
        return s;
    }

    // ---- reads ----

    private Reply media(HttpExchange ex, StoredObject o) {
        long from = 0;
        long to = o.size() - 1;
        boolean partial = false;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                throw HttpError.badRequest("unparseable Range " + range);
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, o.size() - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(m.group(2)));
                }
            }
            if (from >= o.size() && !(from == 0 && o.size() == 0)) {
                return Reply.empty(416).header("Content-Range", "bytes */" + o.size());
            }
            partial = from > 0 || to < o.size() - 1;
        }
        Reply r = Reply.media(partial ? 206 : 200, o, from, Math.max(0, to - from + 1))
                .header("Content-Type", o.contentType())
                .header("x-goog-generation", Long.toString(o.generation()))
                .header("x-goog-metageneration", Long.toString(o.metageneration()))
                .header("x-goog-storage-class", "STANDARD")
                .header("x-goog-hash", "crc32c=" + o.crc32c())
                .header("x-goog-hash", "md5=" + o.md5())
                .header("ETag", etag(o))
                .header("Accept-Ranges", "bytes");
        if (storedContentHeaders) {
            r.header("x-goog-stored-content-length", Long.toString(o.size())).header("x-goog-stored-content-encoding", "identity");
        }
        return partial ? r.header("Content-Range", "bytes " + from + "-" + to + "/" + o.size()) : r;
    }

    private Reply list(String bucket, Map<String, String> q) {
        if (q.containsKey("delimiter") || "true".equals(q.get("versions"))) {
            throw new HttpError(501, "notImplemented", "the test server lists without delimiter or versions");
        }
        String prefix = q.getOrDefault("prefix", "");
        int max = Math.min(1000, Integer.parseInt(q.getOrDefault("maxResults", "1000")));
        String startAfter = q.containsKey("pageToken")
                ? new String(Base64.getUrlDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8) : null;
        List<StoredObject> page = storage.list(bucket, prefix, startAfter, max + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "storage#objects");
        List<Object> items = new ArrayList<>();
        for (StoredObject o : page.subList(0, Math.min(max, page.size()))) {
            items.add(resource(o));
        }
        if (!items.isEmpty()) {
            body.put("items", items);
        }
        if (page.size() > max) {
            String last = page.get(max - 1).name();
            body.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return Reply.json(200, body);
    }

    // ---- resources ----

    private Map<String, Object> resource(StoredObject o) {
        String time = DateTimeFormatter.ISO_INSTANT.format(o.created());
        String encoded = encode(o.name());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#object");
        r.put("id", o.bucket() + "/" + o.name() + "/" + o.generation());
        r.put("selfLink", host + "/storage/v1/b/" + o.bucket() + "/o/" + encoded);
        r.put("mediaLink", host + "/download/storage/v1/b/" + o.bucket() + "/o/" + encoded + "?generation=" + o.generation() + "&alt=media");
        r.put("name", o.name());
        r.put("bucket", o.bucket());
        r.put("generation", Long.toString(o.generation()));
        r.put("metageneration", Long.toString(o.metageneration()));
        r.put("contentType", o.contentType());
        r.put("storageClass", "STANDARD");
        r.put("size", Long.toString(o.size()));
        r.put("md5Hash", o.md5());
        r.put("crc32c", o.crc32c());
        r.put("etag", etag(o));
        r.put("timeCreated", time);
        r.put("updated", time);
        r.put("timeStorageClassUpdated", time);
        if (!o.metadata().isEmpty()) {
            r.put("metadata", o.metadata());
        }
        return r;
    }

    private static String etag(StoredObject o) {
        return Base64.getEncoder().withoutPadding().encodeToString(Long.toString(o.generation()).getBytes(StandardCharsets.US_ASCII));
    }

    private Map<String, Object> bucketResource(String name) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#bucket");
        r.put("selfLink", host + "/storage/v1/b/" + name);
        r.put("id", name);
        r.put("name", name);
        r.put("projectNumber", "0");
        r.put("metageneration", "1");
        r.put("location", "US");
        r.put("storageClass", "STANDARD");
        r.put("etag", "CAE=");
        return r;
    }

    private static Reply error(HttpError e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", e.getMessage());
        detail.put("domain", "global");
        detail.put("reason", e.reason);
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.status);
        err.put("message", e.getMessage());
        err.put("errors", List.of(detail));
        return Reply.json(e.status, Map.of("error", err));
    }

    // ---- HTTP plumbing ----

    /** An answer: status, headers, and a JSON body or a range of an object's file. */
    private record Reply(int status, List<String[]> headers, byte[] body, StoredObject media, long from, long length) {
        static Reply json(int status, Object value) {
            try {
                return new Reply(status, new ArrayList<>(List.<String[]>of(new String[] {"Content-Type", "application/json; charset=UTF-8"})),
                        JSON.writeValueAsBytes(value), null, 0, 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply empty(int status) {
            return new Reply(status, new ArrayList<>(), new byte[0], null, 0, 0);
        }

        static Reply media(int status, StoredObject o, long from, long length) {
            return new Reply(status, new ArrayList<>(), null, o, from, length);
        }

        Reply header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }
    }

    private void send(HttpExchange ex, Reply reply, boolean truncate) throws IOException {
        reply.headers().forEach(h -> ex.getResponseHeaders().add(h[0], h[1]));
        if (reply.media() == null) {
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
            ex.close();
            return;
        }
        long length = reply.length();
        long limit = truncate ? length / 2 : length;
        ex.sendResponseHeaders(reply.status(), length == 0 ? -1 : length);
        try (FileChannel in = FileChannel.open(reply.media().file(), StandardOpenOption.READ)) {
            OutputStream out = ex.getResponseBody();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long position = reply.from();
            long sent = 0;
            boolean first = true;
            while (sent < limit) {
                buf.clear().limit((int) Math.min(buf.capacity(), limit - sent));
                int n = in.read(buf, position);
                if (n < 0) {
                    break;
                }
                if (first && corruptDownloads && n > 0) {
                    buf.put(0, (byte) ~buf.get(0));
                }
                first = false;
                out.write(buf.array(), 0, n);
                position += n;
                sent += n;
            }
            out.flush();
        } catch (NoSuchFileException e) {
            // Replaced and unlinked between lookup and open: the client sees a broken download and retries.
        }
        // Short of Content-Length (truncated), closing aborts the connection, as a network failure would.
        ex.close();
    }

    /** Delivers a stream with the lowest bit of its first byte flipped. */
    private static final class FlipFirstBit extends java.io.FilterInputStream {
        private boolean flipped;

        FlipFirstBit(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && !flipped) {
                flipped = true;
                return b ^ 1;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && !flipped) {
                flipped = true;
                buf[off] ^= 1;
            }
            return n;
        }
    }

    private static long contentLength(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst("Content-Length");
        return v == null ? 0 : Long.parseLong(v.trim());
    }

    private static InputStream requestBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip") ? new GZIPInputStream(in) : in;
    }

    private static byte[] body(HttpExchange ex, int limit) throws IOException {
        try (InputStream in = requestBody(ex)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new HttpError(413, "uploadTooLarge", "multipart uploads here take at most " + limit + " bytes");
                }
            }
            return out.toByteArray();
        }
    }

    private static Map<String, Object> jsonBody(HttpExchange ex) throws IOException {
        byte[] body = body(ex, 1 << 20);
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static Long generation(Map<String, String> q) {
        String g = q.get("generation");
        return g == null ? null : Long.parseLong(g);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(decode(k.replace('+', ' ')), decode(v.replace('+', ' ')));
        }
        return q;
    }

    /** Percent-decoding as in URI paths: '+' stays '+'. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
