package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.runtime.online.PredictorListener;
import dev.modeldeploy.runtime.online.RequestEnricher;

import java.util.List;
import java.util.function.Supplier;

/** Times a {@link RequestEnricher}'s calls as the {@link PredictorListener.Stage#FEATURE_LOOKUP} stage. */
final class TimedEnricher<I> implements RequestEnricher<I> {
    private final RequestEnricher<I> delegate;
    private final PredictorListener listener;
    private final Supplier<ModelInfo> model;

    TimedEnricher(RequestEnricher<I> delegate, PredictorListener listener, Supplier<ModelInfo> model) {
        this.delegate = delegate;
        this.listener = listener;
        this.model = model;
    }

    @Override
    public I enrich(I request) {
        long start = System.nanoTime();
        I out = delegate.enrich(request);
        listener.onStage(PredictorListener.Stage.FEATURE_LOOKUP, model.get(), System.nanoTime() - start, 1);
        return out;
    }

    @Override
    public List<I> enrichAll(List<I> requests) {
        long start = System.nanoTime();
        List<I> out = delegate.enrichAll(requests);
        listener.onStage(PredictorListener.Stage.FEATURE_LOOKUP, model.get(), System.nanoTime() - start, requests.size());
        return out;
    }
}
