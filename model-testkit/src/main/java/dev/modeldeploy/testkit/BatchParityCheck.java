package dev.modeldeploy.testkit;

import dev.modeldeploy.api.Model;

import java.util.List;

/**
 * {@link Check#BATCH_PARITY}: for every sample, {@code predictRecord(x)}, the batch path, the
 * {@code predictRecords} convenience and a reused, cleared batch all give what
 * {@code predict(preprocess(x))} gives, within the tolerance.
 */
final class BatchParityCheck<I, O> extends KitCheck<I, O> {

    BatchParityCheck(ModelTestKit<I, O> kit) {
        super(kit, Check.BATCH_PARITY);
    }

    @Override
    String details() {
        return " (tolerance: " + kit.tolerance() + ")";
    }

    @Override
    void run(Failures failures) {
        Model<I, ?, O> model = kit.model();
        List<I> samples = kit.samples();
        List<Attempt<O>> references = references(failures);
        for (int i = 0; i < samples.size(); i++) {
            I sample = samples.get(i);
            compare(failures, i, "predictRecord(x)", references.get(i), Attempt.of(() -> model.predictRecord(sample)));
        }
        compareAll(failures, ModelCalls.BATCH, references, Attempt.of(() -> ModelCalls.batch(model, samples)));
        compareAll(failures, "predictRecords(list)", references, Attempt.of(() -> model.predictRecords(samples)));
        compareAll(failures, "a reused batch (newBatch(1), filled and scored, clear(), refilled in reverse order)",
                references, Attempt.of(() -> ModelCalls.reusedBatch(model, samples)));
    }
}
