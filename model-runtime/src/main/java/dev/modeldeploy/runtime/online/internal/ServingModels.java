package dev.modeldeploy.runtime.online.internal;

import dev.modeldeploy.api.ModelInfo;

import java.util.Optional;

/**
 * The two model slots of a predictor: the current version, which takes requests, and the previous one,
 * kept loaded for rollback and fallbacks. Slots change only under this object's lock (swaps are rare);
 * requests read them without locking and take a reference on the handle they read. Thread-safe.
 *
 * @param <I> the raw record
 * @param <O> one prediction
 */
final class ServingModels<I, O> {
    /** The slots as one immutable pair, so that a reader sees a consistent current and previous. */
    private record Slots<I, O>(ModelHandle<I, O> current, ModelHandle<I, O> previous) {
    }

    private volatile Slots<I, O> slots;

    ServingModels(ModelHandle<I, O> initial) {
        this.slots = new Slots<>(initial, null);
    }

    /** The current model, with a reference taken; give it back with {@link ModelHandle#release()}. */
    ModelHandle<I, O> acquireCurrent() {
        for (;;) {
            Slots<I, O> s = slots;
            if (s == null) {
                throw new IllegalStateException("the predictor is closed");
            }
            // Fails only if the handle left both slots and was closed since we read it: read again.
            if (s.current.tryAcquire()) {
                return s.current;
            }
        }
    }

    /** The previous model with a reference taken, if there is one. */
    Optional<ModelHandle<I, O>> acquirePrevious() {
        for (;;) {
            Slots<I, O> s = slots;
            if (s == null || s.previous == null) {
                return Optional.empty();
            }
            if (s.previous.tryAcquire()) {
                return Optional.of(s.previous);
            }
        }
    }

    /** The current model's info. */
    ModelInfo currentInfo() {
        Slots<I, O> s = requireOpen();
        return s.current.info();
    }

    /** The current model's {@code name/version}. */
    String currentLabel() {
        Slots<I, O> s = slots;
        return s == null ? "(closed)" : s.current.label();
    }

    /** The current model's name (for answers no model computed). */
    String currentName() {
        Slots<I, O> s = slots;
        return s == null ? "(closed)" : s.current.name();
    }

    Optional<ModelInfo> previousInfo() {
        Slots<I, O> s = requireOpen();
        return Optional.ofNullable(s.previous).map(ModelHandle::info);
    }

    /**
     * Puts {@code next} in service; the current model becomes the previous one, and the previous one
     * leaves service (closed after its last request).
     *
     * @return the model replaced
     */
    synchronized ModelHandle<I, O> install(ModelHandle<I, O> next) {
        Slots<I, O> s = requireOpen();
        if (next.model() == s.current.model() || (s.previous != null && next.model() == s.previous.model())) {
            throw new IllegalArgumentException("model " + next.label() + " is already in service here; use rollback() to "
                    + "return to the previous one");
        }
        slots = new Slots<>(next, s.current);
        if (s.previous != null) {
            s.previous.release();
        }
        return s.current;
    }

    /**
     * Exchanges the current and the previous model.
     *
     * @return the model replaced (now the previous one)
     */
    synchronized ModelHandle<I, O> rollback() {
        Slots<I, O> s = requireOpen();
        if (s.previous == null) {
            throw new IllegalStateException("there is no previous model to roll back to (model " + s.current.label()
                    + " has served since the start)");
        }
        slots = new Slots<>(s.previous, s.current);
        return s.current;
    }

    /** Closes the slots; each model closes after its last request. Idempotent. */
    synchronized void close() {
        Slots<I, O> s = slots;
        if (s == null) {
            return;
        }
        slots = null;
        s.current.release();
        if (s.previous != null) {
            s.previous.release();
        }
    }

    private Slots<I, O> requireOpen() {
        Slots<I, O> s = slots;
        if (s == null) {
            throw new IllegalStateException("the predictor is closed");
        }
        return s;
    }
}
