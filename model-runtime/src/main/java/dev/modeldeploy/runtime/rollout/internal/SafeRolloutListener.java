package dev.modeldeploy.runtime.rollout.internal;

import dev.modeldeploy.runtime.rollout.RolloutEvent;
import dev.modeldeploy.runtime.rollout.RolloutListener;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
import dev.modeldeploy.runtime.rollout.ShadowResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Calls every listener of a deployment, logging and ignoring what one throws: a listener never fails a request. */
public final class SafeRolloutListener<O> implements RolloutListener<O> {
    private static final Logger LOG = LoggerFactory.getLogger(SafeRolloutListener.class);

    private final List<RolloutListener<O>> listeners;

    public SafeRolloutListener(List<RolloutListener<O>> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private interface Call<O> {
        void on(RolloutListener<O> listener);
    }

    private void each(String event, Call<O> call) {
        for (RolloutListener<O> l : listeners) {
            try {
                call.on(l);
            } catch (RuntimeException e) {
                LOG.warn("rollout listener {} failed in {}", l.getClass().getName(), event, e);
            }
        }
    }

    @Override
    public void onEvent(RolloutEvent event) {
        each("onEvent", l -> l.onEvent(event));
    }

    @Override
    public void onRouted(RoutedPrediction<O> answer) {
        each("onRouted", l -> l.onRouted(answer));
    }

    @Override
    public void onFailure(String variant, Throwable error) {
        each("onFailure", l -> l.onFailure(variant, error));
    }

    @Override
    public void onShadow(ShadowResult<O> result) {
        each("onShadow", l -> l.onShadow(result));
    }

    @Override
    public void onShadowDropped(String variant) {
        each("onShadowDropped", l -> l.onShadowDropped(variant));
    }
}
