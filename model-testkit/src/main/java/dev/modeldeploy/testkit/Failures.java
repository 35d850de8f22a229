package dev.modeldeploy.testkit;

import org.junit.jupiter.api.Assertions;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems one check found, one line each (which sample, which path, what differed), turned into
 * one assertion failure at the end so that every broken sample is reported, not just the first. Not
 * thread-safe: a check collects its lines on one thread.
 */
final class Failures {
    private static final int MAX_LINES = 25;

    private final String heading;
    private final List<String> lines = new ArrayList<>();
    private Throwable firstCause;

    /** @param heading which check of which model, and anything that helps read the lines (tolerance) */
    Failures(String heading) {
        this.heading = heading;
    }

    void add(String line) {
        lines.add(line);
    }

    /** A problem that an exception caused; the first such exception becomes the failure's cause. */
    void add(String line, Throwable cause) {
        lines.add(line);
        if (firstCause == null) {
            firstCause = cause;
        }
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Fails with every line collected, if any. */
    void throwIfAny() {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(heading).append(": ")
                .append(lines.size()).append(lines.size() == 1 ? " problem" : " problems");
        for (String line : lines.subList(0, Math.min(lines.size(), MAX_LINES))) {
            message.append("\n  - ").append(line);
        }
        if (lines.size() > MAX_LINES) {
            message.append("\n  ... and ").append(lines.size() - MAX_LINES).append(" more");
        }
        Assertions.fail(message.toString(), firstCause);
    }
}
