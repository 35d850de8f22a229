package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.runtime.online.PredictorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a user's listener, logging and ignoring what it throws: a listener never fails a request. */
final class SafeListener implements PredictorListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final PredictorListener delegate;

    SafeListener(PredictorListener delegate) {
        this.delegate = delegate;
    }

    private void failed(String event, RuntimeException e) {
        LOG.warn("predictor listener {} failed in {}", delegate.getClass().getName(), event, e);
    }

    @Override
    public void onStart(ModelInfo model) {
        try {
            delegate.onStart(model);
        } catch (RuntimeException e) {
            failed("onStart", e);
        }
    }

    @Override
    public void onRequest(int records) {
        try {
            delegate.onRequest(records);
        } catch (RuntimeException e) {
            failed("onRequest", e);
        }
    }

    @Override
    public void onBatch(int requests, int records) {
        try {
            delegate.onBatch(requests, records);
        } catch (RuntimeException e) {
            failed("onBatch", e);
        }
    }

    @Override
    public void onTimeout() {
        try {
            delegate.onTimeout();
        } catch (RuntimeException e) {
            failed("onTimeout", e);
        }
    }

    @Override
    public void onFallback() {
        try {
            delegate.onFallback();
        } catch (RuntimeException e) {
            failed("onFallback", e);
        }
    }

    @Override
    public void onOverload() {
        try {
            delegate.onOverload();
        } catch (RuntimeException e) {
            failed("onOverload", e);
        }
    }

    @Override
    public void onFailure(Throwable error) {
        try {
            delegate.onFailure(error);
        } catch (RuntimeException e) {
            failed("onFailure", e);
        }
    }

    @Override
    public void onPrediction(ModelInfo model, Object record, Object prediction) {
        try {
            delegate.onPrediction(model, record, prediction);
        } catch (RuntimeException e) {
            failed("onPrediction", e);
        }
    }

    @Override
    public boolean timesStages() {
        try {
            return delegate.timesStages();
        } catch (RuntimeException e) {
            failed("timesStages", e);
            return false;
        }
    }

    @Override
    public void onStage(Stage stage, ModelInfo model, long nanos, int records) {
        try {
            delegate.onStage(stage, model, nanos, records);
        } catch (RuntimeException e) {
            failed("onStage", e);
        }
    }

    @Override
    public void onSwap(ModelInfo from, ModelInfo to) {
        try {
            delegate.onSwap(from, to);
        } catch (RuntimeException e) {
            failed("onSwap", e);
        }
    }
}
