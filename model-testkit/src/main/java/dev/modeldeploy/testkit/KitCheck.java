package dev.modeldeploy.testkit;

import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check of a {@link ModelTestKit}: collects every problem it finds, then fails once with all of
 * them. Stateless between runs.
 */
abstract class KitCheck<I, O> {
    final ModelTestKit<I, O> kit;
    private final Check kind;

    KitCheck(ModelTestKit<I, O> kit, Check kind) {
        this.kit = kit;
        this.kind = kind;
    }

    final Check kind() {
        return kind;
    }

    /** Why this check has nothing to check for this model and configuration, if so. */
    Optional<String> notApplicable() {
        return Optional.empty();
    }

    /** Extra words for the failure heading (tolerance, thread count). */
    String details() {
        return "";
    }

    /** What the reference prediction is called in messages. */
    String referenceName() {
        return ModelCalls.SINGLE;
    }

    /** Runs the check, adding every problem found. */
    abstract void run(Failures failures);

    /**
     * Runs the check and fails with every problem found; aborts (JUnit reports it as skipped, with the
     * reason) when it is not applicable.
     */
    final void execute() {
        notApplicable().ifPresent(Assumptions::abort);
        Failures failures = new Failures("[" + kind().displayName() + "] model " + kit.model().info() + details());
        run(failures);
        failures.throwIfAny();
    }

    /**
     * Every sample's reference prediction, {@code predict(preprocess(x))}, reporting the samples for
     * which it throws.
     */
    final List<Attempt<O>> references(Failures failures) {
        List<Attempt<O>> out = new ArrayList<>();
        for (int i = 0; i < kit.samples().size(); i++) {
            I sample = kit.samples().get(i);
            Attempt<O> reference = Attempt.of(() -> ModelCalls.single(kit.model(), sample));
            if (reference.failed()) {
                failures.add(Describe.sample(i, sample) + ": " + ModelCalls.SINGLE + " threw "
                        + Describe.exception(reference.error()), reference.error());
            }
            out.add(reference);
        }
        return out;
    }

    /** Compares one sample's prediction by {@code path} with its reference, reporting a difference. */
    final void compare(Failures failures, int i, String path, Attempt<O> reference, Attempt<O> actual) {
        if (reference.failed()) {
            return; // Already reported.
        }
        String sample = Describe.sample(i, kit.samples().get(i));
        if (actual.failed()) {
            failures.add(sample + ": " + path + " threw " + Describe.exception(actual.error()), actual.error());
            return;
        }
        kit.comparison().difference(reference.value(), actual.value())
                .ifPresent(d -> failures.add(sample + ": " + path + " differs from " + referenceName() + " " + d));
    }

    /** Compares a path's predictions for all samples, in order, with their references. */
    final void compareAll(Failures failures, String path, List<Attempt<O>> references, Attempt<List<O>> actual) {
        if (actual.failed()) {
            failures.add(path + " threw " + Describe.exception(actual.error()), actual.error());
            return;
        }
        List<O> outputs = actual.value();
        if (outputs == null || outputs.size() != references.size()) {
            failures.add(path + " returned " + (outputs == null ? "null" : outputs.size() + " predictions")
                    + " for " + references.size() + " samples");
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            compare(failures, i, path, references.get(i), new Attempt<>(outputs.get(i), null));
        }
    }
}
