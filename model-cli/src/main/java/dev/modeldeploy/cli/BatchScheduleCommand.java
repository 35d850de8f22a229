package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.batch.BatchRunException;
import dev.modeldeploy.runtime.batch.schedule.BatchSchedule;
import dev.modeldeploy.runtime.batch.schedule.BatchScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code modeldeploy batch schedule}: runs a job in this process on a cron schedule, for hosts without
 * cron; skips a tick while the previous run is still going.
 */
@Command(name = "schedule", description = "Run a batch job on a cron schedule in this process (for hosts without cron). "
        + "A tick is skipped while the previous run is still going.",
        footer = {"", "--param values may use {date} (the tick's date in --zone), {yesterday} and {tick} (ISO date-time).",
                "Example: nightly at 3:00 Berlin time, scoring the previous day's leads:",
                "  modeldeploy batch schedule --cron '0 3 * * *' --zone Europe/Berlin \\",
                "    --remote-model-path s3://ml-models/lead-scoring@production --source leads.csv \\",
                "    --param date={yesterday} --sink scores.csv"})
final class BatchScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--cron", required = true, paramLabel = "EXPR",
            description = "When to run: a 5-field cron expression, e.g. '0 3 * * *' or '0 5 * * 1,5' (6 fields: seconds first).")
    String cron;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE", description = "The time zone of the cron expression. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--max-runs", paramLabel = "N", description = "Stop after this many runs. Default: run until stopped.")
    Integer maxRuns;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws InterruptedException {
        BatchJobRunner.validate(job, this::bad);
        BatchSchedule schedule;
        try {
            schedule = BatchSchedule.cron(cron, ZoneId.of(zone));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw bad("--cron/--zone: " + e.getMessage());
        }
        if (maxRuns != null && maxRuns < 1) {
            throw bad("--max-runs must be at least 1");
        }
        CountDownLatch done = new CountDownLatch(maxRuns == null ? 1 : maxRuns);
        AtomicInteger failures = new AtomicInteger();
        spec.commandLine().getErr().println("modeldeploy: scheduling " + schedule + "; stop with Ctrl-C or SIGTERM");
        try (ModelRepository repository = ModelDeployCommand.of(spec).repository();
             BatchScheduler scheduler = BatchScheduler.start(schedule, tick -> {
                 try {
                     BatchJobRunner.run(job, params(tick), repository, false, spec.commandLine().getErr(), this::bad);
                 } catch (BatchRunException e) {
                     failures.incrementAndGet(); // Reported by the run's own listeners; the schedule goes on.
                 } finally {
                     if (maxRuns != null) {
                         done.countDown();
                     }
                 }
             })) {
            done.await();
        }
        return failures.get() == 0 ? 0 : 1;
    }

    private Map<String, String> params(ZonedDateTime tick) {
        Map<String, String> out = new LinkedHashMap<>();
        job.params.forEach((k, v) -> out.put(k, v.replace("{date}", tick.toLocalDate().toString())
                .replace("{yesterday}", tick.toLocalDate().minusDays(1).toString())
                .replace("{tick}", tick.toOffsetDateTime().toString())));
        return out;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
