package dev.modeldeploy.storage.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP attempts the SDK makes for a request that carries a counter. A create-only write
 * that fails with 412 after a retried attempt may have been created by its own earlier attempt, whose
 * response was lost; the counter tells the store when to check. Thread-safe.
 */
final class AttemptCounter implements ExecutionInterceptor {
    /** The per-request counter, set through the request's override configuration. */
    static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("modeldeploy.attempts");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }
}
