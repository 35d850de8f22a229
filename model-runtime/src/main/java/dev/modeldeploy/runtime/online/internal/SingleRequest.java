package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.List;

/** A pending request of one record. */
final class SingleRequest<I, O> extends Pending<I, O, O> {
    private final I record;

    SingleRequest(I record, long arrivedAt, long deadlineNanos) {
        super(arrivedAt, deadlineNanos);
        this.record = record;
    }

    @Override
    int size() {
        return 1;
    }

    @Override
    void addRecordsTo(List<I> out) {
        out.add(record);
    }

    @Override
    O collect(List<O> outputs, int from) {
        return outputs.get(from);
    }

    @Override
    O repeat(O value) {
        return value;
    }

    @Override
    O compute(ModelHandle<I, O> model, RequestEnricher<I> enricher, boolean checkDeadline) {
        I r = record;
        if (enricher != null) {
            r = enricher.enrich(r);
            if (checkDeadline && expiredAt(System.nanoTime())) {
                throw Expired.INSTANCE;
            }
        }
        return model.predictRecord(r);
    }
}
