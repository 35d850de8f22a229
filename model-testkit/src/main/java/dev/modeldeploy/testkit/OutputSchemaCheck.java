package dev.modeldeploy.testkit;

import dev.modeldeploy.api.schema.Schema;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link Check#OUTPUT_SCHEMA}: every sample's prediction conforms to {@code info().outputSchema()}. */
final class OutputSchemaCheck<I, O> extends KitCheck<I, O> {

    OutputSchemaCheck(ModelTestKit<I, O> kit) {
        super(kit, Check.OUTPUT_SCHEMA);
    }

    @Override
    Optional<String> notApplicable() {
        return kit.model().info().outputSchema().size() == 0
                ? Optional.of("model " + kit.model().info() + " declares no output schema (info().outputSchema() is empty): nothing to check")
                : Optional.empty();
    }

    @Override
    String details() {
        return " (output schema: " + kit.model().info().outputSchema().fields().stream()
                .map(f -> f.name() + " " + f.type() + (f.nullable() ? " nullable" : ""))
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    void run(Failures failures) {
        Schema schema = kit.model().info().outputSchema();
        List<Attempt<O>> references = references(failures);
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).failed()) {
                continue;
            }
            String sample = Describe.sample(i, kit.samples().get(i));
            Object output = references.get(i).value();
            Attempt<List<String>> problems = Attempt.of(() -> OutputSchemaConformance.problems(schema, output));
            if (problems.failed()) {
                failures.add(sample + ": cannot read the fields of the output " + Describe.value(output) + ": "
                        + Describe.exception(problems.error()), problems.error());
                continue;
            }
            problems.value().forEach(problem -> failures.add(sample + ": " + problem));
        }
    }
}
