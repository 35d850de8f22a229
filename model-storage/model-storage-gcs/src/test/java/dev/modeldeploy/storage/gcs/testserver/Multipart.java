package dev.modeldeploy.storage.gcs.testserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a {@code multipart/related} body, as the JSON API's multipart upload sends it, into part bodies. */
final class Multipart {
    private Multipart() {
    }

    /** The boundary parameter of a Content-Type header. */
    static String boundary(String contentType) {
        if (contentType == null) {
            throw new IllegalArgumentException("no Content-Type");
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalArgumentException("no boundary in " + contentType);
    }

    /** The bodies (headers stripped) of every part, in order. */
    static List<byte[]> parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("no multipart delimiter");
        }
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return parts;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), afterDelimiter);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("part without headers");
            }
            int start = headersEnd + 4;
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw new IllegalArgumentException("unterminated part");
            }
            int end = next - 2; // the CRLF before the delimiter belongs to it
            byte[] part = new byte[Math.max(0, end - start)];
            System.arraycopy(body, start, part, 0, part.length);
            parts.add(part);
            pos = next;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
