package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code modeldeploy batch run}: one batch run, resumable and idempotent by run key. */
@Command(name = "run", description = "Score a source into a sink with a model, in chunks; rerunning the same run key resumes "
        + "and never writes a row twice.",
        footer = {"", "Exit status: 0 success, 1 failure (after retries), 2 bad arguments, 3 reject budget passed.",
                "Example (crontab: 0 3 * * *):",
                "  modeldeploy batch run --remote-model-path s3://ml-models/lead-scoring@production \\",
                "    --source leads.csv --param date=2026-11-20 --sink scores.csv --max-reject-share 0.01"})
final class BatchRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        BatchJobRunner.validate(job, this::bad);
        try (ModelRepository repository = ModelDeployCommand.of(spec).repository()) {
            BatchJobRunner.run(job, job.params, repository, System.console() != null, spec.commandLine().getErr(), this::bad);
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
