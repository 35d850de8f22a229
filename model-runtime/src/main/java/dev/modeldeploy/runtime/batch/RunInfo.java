package dev.modeldeploy.runtime.batch;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a sink or ledger needs to know about the run it writes for. Immutable.
 *
 * @param key          the run key
 * @param modelUri     the model URI the job asked for (may name an alias or the latest version)
 * @param modelName    the model's name
 * @param modelVersion the exact version being used
 * @param startedAt    when this attempt started
 * @param attempt      the attempt number, from 1
 */
public record RunInfo(RunKey key, URI modelUri, String modelName, int modelVersion, Instant startedAt, int attempt) {
    public RunInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(modelUri, "modelUri");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
