package dev.modeldeploy.runtime.batch.schedule;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchSchedulerTest {
    @Test
    void nightlyAndTwiceWeeklyInATimeZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        BatchSchedule nightly = BatchSchedule.cron("0 3 * * *", berlin);
        ZonedDateTime now = ZonedDateTime.parse("2026-11-21T10:15:00+01:00[Europe/Berlin]");
        assertThat(nightly.nextAfter(now)).hasValue(ZonedDateTime.parse("2026-11-22T03:00:00+01:00[Europe/Berlin]"));
        BatchSchedule monFri = BatchSchedule.cron("0 5 * * 1,5", ZoneId.of("Asia/Tokyo"));
        // Saturday 21 Nov 2026 -> Monday 23 Nov 05:00 Tokyo time.
        assertThat(monFri.nextAfter(now)).hasValue(ZonedDateTime.parse("2026-11-23T05:00:00+09:00[Asia/Tokyo]"));
        // Across the spring DST change: 3:00 exists, still once a day.
        assertThat(nightly.nextAfter(ZonedDateTime.parse("2026-03-28T04:00:00+01:00[Europe/Berlin]")))
                .hasValue(ZonedDateTime.parse("2026-03-29T03:00:00+02:00[Europe/Berlin]"));
    }

    @Test
    void badExpressionsAreClearErrors() {
        assertThatThrownBy(() -> BatchSchedule.cron("0 25 * * *", ZoneId.of("UTC"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 25 * * *");
        assertThatThrownBy(() -> BatchSchedule.cron("every night", ZoneId.of("UTC"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTickIsSkippedWhileThePreviousRunIsStillGoing() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<ZonedDateTime> ticks = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(1);
        // Every second; the first run blocks until released, so later ticks must be skipped, not stacked.
        try (BatchScheduler scheduler = BatchScheduler.start(BatchSchedule.cron("* * * * * *", ZoneId.of("UTC")), tick -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            ticks.add(tick);
            try {
                if (ticks.size() == 1) {
                    release.await(10, TimeUnit.SECONDS);
                } else {
                    secondRun.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
        })) {
            while (scheduler.skipped() < 2) {
                Thread.sleep(50);
            }
            release.countDown();
            assertThat(secondRun.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(maxConcurrent.get()).isEqualTo(1);
            assertThat(scheduler.started()).isGreaterThanOrEqualTo(2);
            assertThat(ticks.get(1)).isAfter(ticks.get(0).plusSeconds(2));
        }
    }
}
