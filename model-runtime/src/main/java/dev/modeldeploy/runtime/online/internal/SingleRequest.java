package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.List;

/** A pending request of one record. */
final class SingleRequest<I, O> extends Pending<I, O, O> {
    private final I record;
    /** Written by the caller before the request is queued, read by whoever takes it from the queue. */
    private Object features;
    private ModelHandle<I, O> featuresOf;

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
    void preprocessOn(ServingModels<I, O> models) {
        ModelHandle<I, O> model = models.acquireCurrent();
        try {
            features = model.preprocess(record);
            featuresOf = model;
        } catch (RuntimeException e) {
            // The batch preprocesses it again and fails it alone, as for any bad record.
        } finally {
            model.release();
        }
    }

    @Override
    Object featuresFor(ModelHandle<I, O> model) {
        return featuresOf == model ? features : null;
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
