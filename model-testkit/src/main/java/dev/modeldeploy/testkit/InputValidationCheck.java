package dev.modeldeploy.testkit;

import dev.modeldeploy.api.error.SchemaViolationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Check#INPUT_VALIDATION}: each invalid sample makes {@code predict(preprocess(x))} throw a
 * {@link SchemaViolationException} naming the expected field, and so does the batch path when the
 * invalid record follows the valid samples, naming its index too.
 */
final class InputValidationCheck<I, O> extends KitCheck<I, O> {

    InputValidationCheck(ModelTestKit<I, O> kit) {
        super(kit, Check.INPUT_VALIDATION);
    }

    @Override
    Optional<String> notApplicable() {
        return kit.invalidSamples().isEmpty()
                ? Optional.of("no invalid samples were given: add some with invalidSample(record, expectedField)")
                : Optional.empty();
    }

    @Override
    void run(Failures failures) {
        List<InvalidSample<I>> invalid = kit.invalidSamples();
        for (int j = 0; j < invalid.size(); j++) {
            InvalidSample<I> sample = invalid.get(j);
            String name = "invalid sample " + j + " " + Describe.record(sample.record())
                    + " (expected a SchemaViolationException naming field '" + sample.field() + "')";
            Attempt<O> single = Attempt.of(() -> ModelCalls.single(kit.model(), sample.record()));
            expectViolation(failures, name, ModelCalls.SINGLE, single, sample.field(), -1);

            // After the valid samples, so that a batch path reporting the wrong record index shows.
            List<I> records = new ArrayList<>(kit.samples());
            records.add(sample.record());
            Attempt<List<O>> batch = Attempt.of(() -> ModelCalls.batch(kit.model(), records));
            expectViolation(failures, name, ModelCalls.BATCH + " with it at index " + (records.size() - 1),
                    batch, sample.field(), records.size() - 1);
        }
    }

    /** @param recordIndex the index the violation must name, or -1 not to check it */
    private static void expectViolation(Failures failures, String sample, String path, Attempt<?> attempt,
                                        String field, long recordIndex) {
        if (!attempt.failed()) {
            failures.add(sample + ": " + path + " returned " + Describe.value(attempt.value()) + " instead of throwing");
        } else if (!(attempt.error() instanceof SchemaViolationException violation)) {
            failures.add(sample + ": " + path + " threw " + Describe.exception(attempt.error())
                    + " instead of a SchemaViolationException", attempt.error());
        } else if (!field.equals(violation.field())) {
            failures.add(sample + ": " + path + " threw a SchemaViolationException naming field '" + violation.field()
                    + "' instead of '" + field + "': " + violation.getMessage(), violation);
        } else if (recordIndex >= 0 && violation.recordIndex() != recordIndex) {
            failures.add(sample + ": " + path + " threw a SchemaViolationException naming record " + violation.recordIndex()
                    + " instead of " + recordIndex + ": " + violation.getMessage(), violation);
        }
    }
}
