package dev.modeldeploy.runtime.batch.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a job in-process on a {@link BatchSchedule}, for hosts without cron: at each tick it starts the
 * job on its own thread, and skips a tick while the previous run is still going (as a Kubernetes
 * CronJob with {@code concurrencyPolicy: Forbid} would). A failing run is logged and the schedule goes
 * on. Thread-safe; {@link #close()} stops scheduling and waits for nothing.
 */
public final class BatchScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);

    private final BatchSchedule schedule;
    private final Consumer<ZonedDateTime> job;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Thread ticker;
    private volatile boolean closed;

    /**
     * Starts scheduling at once.
     *
     * @param schedule when to run
     * @param job      the run for one tick, given the tick's time (e.g. to derive the logical date)
     */
    public static BatchScheduler start(BatchSchedule schedule, Consumer<ZonedDateTime> job) {
        return new BatchScheduler(schedule, job, Clock.systemUTC());
    }

    BatchScheduler(BatchSchedule schedule, Consumer<ZonedDateTime> job, Clock clock) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.job = Objects.requireNonNull(job, "job");
        this.clock = clock;
        this.ticker = new Thread(this::tick, "schedule-" + schedule.expression());
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Runs started so far. */
    public long started() {
        return started.get();
    }

    /** Ticks skipped because the previous run was still going. */
    public long skipped() {
        return skipped.get();
    }

    private void tick() {
        ZonedDateTime last = ZonedDateTime.now(clock);
        while (!closed) {
            ZonedDateTime next = schedule.nextAfter(last).orElse(null);
            if (next == null) {
                LOG.info("schedule {} has no further ticks", schedule);
                return;
            }
            if (!sleepUntil(next)) {
                return;
            }
            last = next;
            fire(next);
        }
    }

    private boolean sleepUntil(ZonedDateTime at) {
        while (!closed) {
            long wait = Duration.between(ZonedDateTime.now(clock), at).toMillis();
            if (wait <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(wait, 1000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    private void fire(ZonedDateTime tick) {
        if (!running.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            LOG.warn("schedule {}: skipping the tick of {}: the previous run is still going", schedule, tick);
            return;
        }
        started.incrementAndGet();
        Thread run = new Thread(() -> {
            try {
                job.accept(tick);
            } catch (RuntimeException e) {
                LOG.error("schedule {}: the run of {} failed: {}", schedule, tick, e.toString());
            } finally {
                running.set(false);
            }
        }, "scheduled-run-" + tick.toLocalDateTime());
        run.start();
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }
}
