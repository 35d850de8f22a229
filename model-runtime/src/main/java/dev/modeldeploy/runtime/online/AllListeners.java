package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/** {@link PredictorListener#all}: tells every listener, each failure logged and contained. Thread-safe. */
final class AllListeners implements PredictorListener {
    private static final Logger LOG = LoggerFactory.getLogger(AllListeners.class);

    private final PredictorListener[] listeners;
    private final boolean timesStages;

    AllListeners(List<PredictorListener> listeners) {
        this.listeners = listeners.toArray(new PredictorListener[0]);
        this.timesStages = listeners.stream().anyMatch(PredictorListener::timesStages);
    }

    private void each(String event, Consumer<PredictorListener> call) {
        for (PredictorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("predictor listener {} failed in {}", l.getClass().getName(), event, e);
            }
        }
    }

    @Override
    public void onStart(ModelInfo model) {
        each("onStart", l -> l.onStart(model));
    }

    @Override
    public void onRequest(int records) {
        each("onRequest", l -> l.onRequest(records));
    }

    @Override
    public void onBatch(int requests, int records) {
        each("onBatch", l -> l.onBatch(requests, records));
    }

    @Override
    public void onTimeout() {
        each("onTimeout", PredictorListener::onTimeout);
    }

    @Override
    public void onFallback() {
        each("onFallback", PredictorListener::onFallback);
    }

    @Override
    public void onOverload() {
        each("onOverload", PredictorListener::onOverload);
    }

    @Override
    public void onFailure(Throwable error) {
        each("onFailure", l -> l.onFailure(error));
    }

    // The two per-record events loop without a lambda: they sit on every request's path.
    @Override
    public void onPrediction(ModelInfo model, Object record, Object prediction) {
        for (PredictorListener l : listeners) {
            try {
                l.onPrediction(model, record, prediction);
            } catch (RuntimeException e) {
                LOG.warn("predictor listener {} failed in onPrediction", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public boolean timesStages() {
        return timesStages;
    }

    @Override
    public void onStage(Stage stage, ModelInfo model, long nanos, int records) {
        for (PredictorListener l : listeners) {
            if (l.timesStages()) {
                try {
                    l.onStage(stage, model, nanos, records);
                } catch (RuntimeException e) {
                    LOG.warn("predictor listener {} failed in onStage", l.getClass().getName(), e);
                }
            }
        }
    }

    @Override
    public void onSwap(ModelInfo from, ModelInfo to) {
        each("onSwap", l -> l.onSwap(from, to));
    }
}
