package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.List;

/** Calls a {@link RequestEnricher} and checks what it returns. */
final class Enrichment {
    private Enrichment() {
    }

    /** The records enriched in one call; fails if the enricher returns another number of records. */
    static <I> List<I> enrichAll(RequestEnricher<I> enricher, List<I> records) {
        List<I> out = enricher.enrichAll(records);
        if (out == null || out.size() != records.size()) {
            throw new IllegalStateException("the request enricher " + enricher.getClass().getName() + " returned "
                    + (out == null ? "null" : out.size() + " records") + " for " + records.size() + " records");
        }
        return out;
    }
}
