package dev.modeldeploy.storage.gcs;

import com.google.cloud.storage.StorageException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads client exceptions: one-line causes fit for messages, and what kind of failure they are.
 * Client messages also carry request URLs and headers (a resumable session URL is a write
 * capability), so only the status line and GCS's own error message are kept. Stateless.
 */
final class GcsErrors {
    private static final Pattern SERVER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern UPLOAD_ID = Pattern.compile("upload_id=[^&\\s\"]+");
    private static final int MAX_LENGTH = 300;

    private GcsErrors() {
    }

    /** E.g. "HTTP 503 (backendError): We encountered an internal error." or the network error, on one line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        StorageException se = storageCause(e);
        Throwable subject = se != null ? se : e;
        if (se != null && se.getCode() > 0) {
            sb.append("HTTP ").append(se.getCode());
            if (se.getReason() != null && !se.getReason().isBlank()) {
                sb.append(" (").append(se.getReason()).append(')');
            }
            sb.append(": ");
        }
        String message = serverMessage(subject);
        if (message == null) {
            message = firstLine(subject.getMessage());
        }
        if (message.isEmpty() && subject.getCause() != null) {
            message = subject.getCause().getClass().getSimpleName() + ": " + firstLine(subject.getCause().getMessage());
        }
        sb.append(message.isEmpty() ? subject.getClass().getSimpleName() : message);
        String text = UPLOAD_ID.matcher(sb).replaceAll("upload_id=…");
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    }

    /** GCS's own error message ({@code error.message} of the JSON body) somewhere in the cause chain, if any. */
    static String serverMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                Matcher m = SERVER_MESSAGE.matcher(c.getMessage());
                if (m.find()) {
                    return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
            }
        }
        return null;
    }

    /** The first {@link StorageException} in a cause chain, if any. */
    static StorageException storageCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageException se) {
                return se;
            }
        }
        return null;
    }

    /**
     * Whether bytes and their checksum disagreed: the client's own download check failed, or GCS
     * refused an upload (400) whose bytes do not match the CRC32C or MD5 declared for it.
     */
    static boolean isChecksumMismatch(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // The client's Hasher.ChecksumMismatchException is not public.
            if (c.getClass().getSimpleName().equals("ChecksumMismatchException")) {
                return true;
            }
        }
        StorageException se = storageCause(t);
        if (se != null && se.getCode() == 400) {
            String m = serverMessage(t);
            return m != null && (m.toLowerCase(Locale.ROOT).contains("crc32c") || m.toLowerCase(Locale.ROOT).contains("md5"));
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
