package dev.modeldeploy.testkit;

import java.util.function.Supplier;

/**
 * The outcome of one call to the model under test: its value, or the exception it threw (a model may
 * legitimately return null, so null cannot mean failure).
 */
record Attempt<T>(T value, RuntimeException error) {

    static <T> Attempt<T> of(Supplier<T> call) {
        try {
            return new Attempt<>(call.get(), null);
        } catch (RuntimeException e) {
            return new Attempt<>(null, e);
        }
    }

    boolean failed() {
        return error != null;
    }
}
