package dev.modeldeploy.runtime.batch.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job runs: a cron expression in a time zone, such as {@code 0 3 * * *} in
 * {@code Europe/Berlin} (nightly at 3:00) or {@code 0 5 * * 1,5} (Mondays and Fridays at 5:00).
 * Classic five-field Unix cron; a six-field expression with seconds first (Quartz style without the
 * year) is accepted too. Immutable and thread-safe.
 */
public final class BatchSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SPRING = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private BatchSchedule(String expression, ZoneId zone) {
        this.expression = Objects.requireNonNull(expression, "expression").trim();
        this.zone = Objects.requireNonNull(zone, "zone");
        Cron cron;
        try {
            cron = (this.expression.split("\\s+").length == 6 ? SPRING : UNIX).parse(this.expression);
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage(), e);
        }
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** A schedule in the given time zone. */
    public static BatchSchedule cron(String expression, ZoneId zone) {
        return new BatchSchedule(expression, zone);
    }

    /** The next tick strictly after {@code after}, in the schedule's zone. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return executionTime.nextExecution(after.withZoneSameInstant(zone));
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
