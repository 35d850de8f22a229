package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A pending request of several records, answered as one list by one model version. */
final class MultiRequest<I, O> extends Pending<I, O, List<O>> {
    private final List<I> records;

    MultiRequest(List<? extends I> records, long arrivedAt, long deadlineNanos) {
        super(arrivedAt, deadlineNanos);
        // A copy: an async caller may reuse its list once the call returns.
        this.records = Collections.unmodifiableList(new ArrayList<>(records));
    }

    @Override
    int size() {
        return records.size();
    }

    @Override
    void addRecordsTo(List<I> out) {
        out.addAll(records);
    }

    @Override
    List<O> collect(List<O> outputs, int from) {
        return Collections.unmodifiableList(new ArrayList<>(outputs.subList(from, from + records.size())));
    }

    @Override
    List<O> repeat(O value) {
        return Collections.nCopies(records.size(), value);
    }

    @Override
    List<O> compute(ModelHandle<I, O> model, RequestEnricher<I> enricher, boolean checkDeadline) {
        List<I> r = records;
        if (enricher != null) {
            r = Enrichment.enrichAll(enricher, records);
            if (checkDeadline && expiredAt(System.nanoTime())) {
                throw Expired.INSTANCE;
            }
        }
        return Collections.unmodifiableList(model.predictRecords(r));
    }
}
