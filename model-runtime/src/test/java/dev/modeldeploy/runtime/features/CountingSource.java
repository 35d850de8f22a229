package dev.modeldeploy.runtime.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real source and records the calls that reach it, so tests see what a cache or an enricher asked for. */
public final class CountingSource implements FeatureSource {
    private final FeatureSource source;
    public final AtomicInteger singleCalls = new AtomicInteger();
    public final AtomicInteger batchCalls = new AtomicInteger();
    public final List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());

    public CountingSource(FeatureSource source) {
        this.source = source;
    }

    @Override
    public Optional<Map<String, Object>> lookup(String key) {
        singleCalls.incrementAndGet();
        return source.lookup(key);
    }

    @Override
    public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
        batchCalls.incrementAndGet();
        batches.add(List.copyOf(keys));
        return source.lookupAll(keys);
    }

    /** Calls of either kind. */
    public int calls() {
        return singleCalls.get() + batchCalls.get();
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
