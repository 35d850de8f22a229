package dev.modeldeploy.runtime.batch;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Names one logical run: a job and its parameters, such as {@code lead-scoring} with
 * {@code date=2026-11-20}. Rerunning or resuming the same key never duplicates or loses a row.
 * Immutable and thread-safe.
 *
 * @param job    the job name
 * @param params the parameters that make this run unique (sorted by name)
 */
public record RunKey(String job, SortedMap<String, String> params) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RunKey {
        if (job == null || !NAME.matcher(job).matches()) {
            throw new IllegalArgumentException("job name must be 1-128 letters, digits, '.', '_' or '-': " + job);
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(params, "params").entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("parameter name must be 1-128 letters, digits, '.', '_' or '-': " + e.getKey());
            }
            copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), "value of " + e.getKey()));
        }
        params = Collections.unmodifiableSortedMap(copy);
    }

    /** A run key from a job name and parameters. */
    public static RunKey of(String job, Map<String, String> params) {
        return new RunKey(job, new TreeMap<>(params));
    }

    /** A run key without parameters. */
    public static RunKey of(String job) {
        return new RunKey(job, new TreeMap<>());
    }

    /** The canonical text form, e.g. {@code lead-scoring[date=2026-11-20]}: what ledgers and sinks store. */
    @Override
    public String toString() {
        if (params.isEmpty()) {
            return job;
        }
        return job + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "[", "]"));
    }
}
