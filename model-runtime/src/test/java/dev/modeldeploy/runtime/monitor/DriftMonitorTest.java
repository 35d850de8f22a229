package dev.modeldeploy.runtime.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftMonitorTest {

    /** Evaluates windows on the recording thread, so that reports are there when {@code record} returns. */
    private static DriftConfig.Builder inline(List<DriftReport> reports) {
        return DriftConfig.builder().executor(Runnable::run).listener(new DriftListener() {
            @Override
            public void onReport(DriftReport report) {
                reports.add(report);
            }
        });
    }

    @Test
    void aShiftedInputAndOutputAreDetected() {
        List<DriftReport> reports = new ArrayList<>();
        Random random = new Random(7);
        try (DriftMonitor monitor = DriftMonitor.of("scores", 3, Samples.baseline(5000, random),
                inline(reports).window(WindowSpec.tumblingRecords(1000)).build())) {
            Samples.feed(monitor, 1000, 0.6, random);
        }
        assertThat(reports).hasSize(1);
        DriftReport report = reports.get(0);
        assertThat(report.window().records()).isEqualTo(1000);
        assertThat(report.alerts()).extracting(DriftAlert::feature, DriftAlert::metric).contains(
                org.assertj.core.api.Assertions.tuple("x", DriftMetric.KS),
                org.assertj.core.api.Assertions.tuple("x", DriftMetric.PSI),
                org.assertj.core.api.Assertions.tuple("prediction", DriftMetric.KS));
        DriftAlert alert = report.alerts().get(0);
        assertThat(alert.model()).isEqualTo("scores");
        assertThat(alert.version()).isEqualTo(3);
        assertThat(alert.window()).isEqualTo(report.window());
        // The live counts are what was fed, in the baseline's bins.
        SignalCounts x = report.signals().get(0);
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.count()).isEqualTo(1000);
        assertThat(x.bins()).hasSize(x.baseline().binCount());
    }

    @Test
    void aSampleFromTheTrainingDistributionRaisesNoAlarmBeyondTheChosenLevel() {
        // 200 independent (training sample, live window) pairs from one distribution: the KS test at the
        // 5 % level may fire about 10 times by chance; far more would be a broken test. Bound: mean + 3
        // standard deviations of Binomial(200, 0.05).
        int seeds = 200;
        double level = 0.05;
        int alarms = 0;
        int psiAlarms = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random random = new Random(1000 + seed);
            List<DriftReport> reports = new ArrayList<>();
            try (DriftMonitor monitor = DriftMonitor.of("scores", 1, Samples.baseline(2000, random),
                    inline(reports).inputs(false).window(WindowSpec.tumblingRecords(1000))
                            .thresholds(DriftThresholds.defaults().withKsPValue(level)).build())) {
                Samples.feed(monitor, 1000, 0, random);
            }
            DriftReport report = reports.get(0);
            alarms += report.results().stream().filter(r -> r.metric() == DriftMetric.KS && r.drifted()).count();
            psiAlarms += report.results().stream().filter(r -> r.metric() == DriftMetric.PSI && r.drifted()).count();
        }
        double expected = seeds * level;
        System.out.println("KS false alarms: " + alarms + " of " + seeds + " at level " + level);
        assertThat(alarms).isLessThanOrEqualTo((int) Math.ceil(expected + 3 * Math.sqrt(expected * (1 - level))));
        assertThat(psiAlarms).isZero();
        // And the same procedure does see a shift of half a standard deviation every time.
        int detected = 0;
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(5000 + seed);
            List<DriftReport> reports = new ArrayList<>();
            try (DriftMonitor monitor = DriftMonitor.of("scores", 1, Samples.baseline(2000, random),
                    inline(reports).inputs(false).window(WindowSpec.tumblingRecords(1000))
                            .thresholds(DriftThresholds.defaults().withKsPValue(level)).build())) {
                Samples.feed(monitor, 1000, 0.5, random);
            }
            detected += reports.get(0).results().stream().anyMatch(r -> r.metric() == DriftMetric.KS && r.drifted()) ? 1 : 0;
        }
        assertThat(detected).isEqualTo(20);
    }

    @Test
    void categoriesAreComparedWithTheChiSquaredTest() {
        Baseline baseline = new Baseline(10_000, List.of(SignalBaseline.categorical("prediction", SignalSource.OUTPUT, 0,
                List.of("stay", "churn", "unsure"), new long[]{5000, 3000, 2000, 0})));
        List<DriftReport> same = new ArrayList<>();
        List<DriftReport> shifted = new ArrayList<>();
        Random random = new Random(11);
        try (DriftMonitor a = DriftMonitor.of("churn", 2, baseline, inline(same).window(WindowSpec.tumblingRecords(2000)).build());
             DriftMonitor b = DriftMonitor.of("churn", 2, baseline, inline(shifted).window(WindowSpec.tumblingRecords(2000)).build())) {
            for (int i = 0; i < 2000; i++) {
                a.record(null, draw(random, 0.5, 0.3));
                b.record(null, draw(random, 0.35, 0.3));
            }
        }
        assertThat(same.get(0).alerts()).isEmpty();
        assertThat(same.get(0).results()).extracting(DriftResult::metric).containsExactly(DriftMetric.PSI, DriftMetric.CHI_SQUARED);
        assertThat(shifted.get(0).alerts()).extracting(DriftAlert::metric).contains(DriftMetric.CHI_SQUARED);
        // Categories never seen in training land in the "other" bin.
        try (DriftMonitor c = DriftMonitor.of("churn", 2, baseline, inline(new ArrayList<>()).build())) {
            c.record(null, "moved away");
            assertThat(c.peek().signals().get(0).bins()).containsExactly(0, 0, 0, 1);
        }
    }

    @Test
    void theChiSquaredTestRaisesNoAlarmBeyondItsLevelOnTheTrainingDistribution() {
        int seeds = 200;
        double level = 0.05;
        int alarms = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Random random = new Random(9000 + seed);
            long[] training = new long[4];
            for (int i = 0; i < 2000; i++) {
                training[List.of("stay", "churn", "unsure").indexOf(draw(random, 0.5, 0.3))]++;
            }
            Baseline baseline = new Baseline(2000, List.of(SignalBaseline.categorical("prediction", SignalSource.OUTPUT, 0,
                    List.of("stay", "churn", "unsure"), training)));
            List<DriftReport> reports = new ArrayList<>();
            try (DriftMonitor monitor = DriftMonitor.of("churn", 1, baseline, inline(reports).window(WindowSpec.tumblingRecords(1000))
                    .thresholds(DriftThresholds.defaults().withChiSquaredPValue(level)).build())) {
                for (int i = 0; i < 1000; i++) {
                    monitor.record(null, draw(random, 0.5, 0.3));
                }
            }
            alarms += reports.get(0).results().stream().filter(r -> r.metric() == DriftMetric.CHI_SQUARED && r.drifted()).count();
        }
        double expected = seeds * level;
        System.out.println("chi-squared false alarms: " + alarms + " of " + seeds + " at level " + level);
        assertThat(alarms).isLessThanOrEqualTo((int) Math.ceil(expected + 3 * Math.sqrt(expected * (1 - level))));
    }

    private static String draw(Random random, double stay, double churn) {
        double u = random.nextDouble();
        return u < stay ? "stay" : u < stay + churn ? "churn" : "unsure";
    }

    @Test
    void thresholdsDecideWhatIsAnAlert() {
        Random random = new Random(3);
        Baseline baseline = Samples.baseline(5000, random);
        List<DriftReport> strict = new ArrayList<>();
        List<DriftReport> lenient = new ArrayList<>();
        DriftThresholds loose = new DriftThresholds(50, 1e-200, 1e-200);
        try (DriftMonitor a = DriftMonitor.of("scores", 1, baseline, inline(strict).window(WindowSpec.tumblingRecords(500)).build());
             DriftMonitor b = DriftMonitor.of("scores", 1, baseline, inline(lenient).thresholds(loose)
                     .window(WindowSpec.tumblingRecords(500)).build())) {
            Samples.feed(a, 500, 0.8, new Random(4));
            Samples.feed(b, 500, 0.8, new Random(4));
        }
        assertThat(strict.get(0).drifted()).isTrue();
        assertThat(lenient.get(0).drifted()).isFalse();
        // Same figures, other verdicts.
        assertThat(lenient.get(0).results()).extracting(DriftResult::value)
                .containsExactlyElementsOf(strict.get(0).results().stream().map(DriftResult::value).toList());
        assertThat(lenient.get(0).results()).allMatch(r -> r.threshold() == loose.of(r.metric()));

        assertThat(DriftMetric.PSI.passes(0.2, 0.2)).isTrue();
        assertThat(DriftMetric.PSI.passes(0.19, 0.2)).isFalse();
        assertThat(DriftMetric.KS.passes(0.009, 0.01)).isTrue();
        assertThat(DriftMetric.KS.passes(0.01, 0.01)).isFalse();
        assertThatThrownBy(() -> new DriftThresholds(0.2, 1.5, 0.01)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signalsWithTooFewLiveValuesGetNoFigures() {
        List<DriftReport> reports = new ArrayList<>();
        try (DriftMonitor monitor = DriftMonitor.of("scores", 1, Samples.baseline(1000, new Random(1)),
                inline(reports).minRecords(100).window(WindowSpec.tumblingRecords(50)).build())) {
            Samples.feed(monitor, 50, 3, new Random(2));
        }
        assertThat(reports.get(0).window().records()).isEqualTo(50);
        assertThat(reports.get(0).results()).isEmpty();
    }

    @Test
    void tumblingAndSlidingWindowsByRecords() {
        List<DriftReport> tumbling = new ArrayList<>();
        List<DriftReport> sliding = new ArrayList<>();
        Baseline baseline = Samples.baseline(1000, new Random(5));
        try (DriftMonitor t = DriftMonitor.of("scores", 1, baseline, inline(tumbling).window(WindowSpec.tumblingRecords(1000)).build());
             DriftMonitor s = DriftMonitor.of("scores", 1, baseline,
                     inline(sliding).window(WindowSpec.slidingRecords(1000, 250)).build())) {
            Random random = new Random(6);
            Samples.feed(t, 2500, 0, random);
            Samples.feed(s, 999, 0, random);
            assertThat(sliding).isEmpty();
            Samples.feed(s, 1, 0, random);
            assertThat(sliding).hasSize(1);
            Samples.feed(s, 750, 0, random);
            // Part of the window's values come from before.
            Samples.feed(s, 250, 4, random);
            assertThat(t.flush()).get().satisfies(r -> assertThat(r.window().records()).isEqualTo(500));
        }
        assertThat(tumbling).extracting(r -> r.window().sequence()).containsExactly(1L, 2L, 3L);
        assertThat(tumbling).extracting(r -> r.window().records()).containsExactly(1000L, 1000L, 500L);
        assertThat(sliding).extracting(r -> r.window().sequence()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sliding).allSatisfy(r -> assertThat(r.window().records()).isEqualTo(1000));
        // The window that ends with the shifted pane holds it and the three panes before.
        DriftReport lastWindow = sliding.get(4);
        assertThat(lastWindow.signals().get(0).count()).isEqualTo(1000);
        assertThat(lastWindow.drifted()).isTrue();
        assertThat(sliding.get(3).drifted()).isFalse();
    }

    @Test
    void tumblingAndSlidingWindowsByTime() {
        ManualClock clock = new ManualClock();
        List<DriftReport> tumbling = new ArrayList<>();
        List<DriftReport> sliding = new ArrayList<>();
        Baseline baseline = Samples.baseline(1000, new Random(8));
        try (DriftMonitor t = DriftMonitor.of("scores", 1, baseline, inline(tumbling).clock(clock).autoTick(false)
                .window(WindowSpec.tumblingTime(Duration.ofMinutes(1))).build());
             DriftMonitor s = DriftMonitor.of("scores", 1, baseline, inline(sliding).clock(clock).autoTick(false)
                     .window(WindowSpec.slidingTime(Duration.ofMinutes(2), Duration.ofMinutes(1))).build())) {
            Random random = new Random(9);
            Samples.feed(t, 300, 0, random);
            Samples.feed(s, 300, 0, random);
            clock.advance(Duration.ofSeconds(59));
            t.tick();
            s.tick();
            assertThat(tumbling).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            t.tick();
            s.tick();
            assertThat(tumbling).hasSize(1);
            assertThat(sliding).isEmpty(); // one minute of a two-minute window
            Samples.feed(t, 200, 0, random);
            Samples.feed(s, 200, 0, random);
            clock.advance(Duration.ofMinutes(1));
            t.tick();
            s.tick();
            // Quiet minutes still close windows.
            clock.advance(Duration.ofMinutes(2));
            t.tick();
            s.tick();
        }
        assertThat(tumbling).extracting(r -> r.window().records()).containsExactly(300L, 200L, 0L, 0L);
        assertThat(tumbling.get(0).window().start()).isEqualTo(java.time.Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(tumbling.get(0).window().end()).isEqualTo(java.time.Instant.parse("2026-11-22T00:01:00Z"));
        assertThat(sliding).extracting(r -> r.window().records()).containsExactly(500L, 200L, 0L);
        assertThat(sliding.get(0).window().end()).isEqualTo(java.time.Instant.parse("2026-11-22T00:02:00Z"));
    }

    @Test
    void inputsCanBeReadFromASampleOfThePredictions() {
        List<DriftReport> reports = new ArrayList<>();
        try (DriftMonitor monitor = DriftMonitor.of("scores", 1, Samples.baseline(1000, new Random(1)),
                inline(reports).inputEvery(4).window(WindowSpec.tumblingRecords(1000)).build())) {
            Samples.feed(monitor, 1000, 0, new Random(2));
        }
        assertThat(reports.get(0).signals()).extracting(SignalCounts::name, SignalCounts::count).containsExactly(
                org.assertj.core.api.Assertions.tuple("x", 250L), org.assertj.core.api.Assertions.tuple("prediction", 1000L));
        assertThatThrownBy(() -> DriftConfig.builder().inputEvery(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unreadablePredictionsAreCountedNotThrown() {
        try (DriftMonitor monitor = DriftMonitor.of("scores", 1, Samples.baseline(500, new Random(1)),
                inline(new ArrayList<>()).build())) {
            monitor.record(java.util.Map.of("x", 1.0), new Object() {
                public double getPrediction() {
                    throw new IllegalStateException("boom");
                }
            });
            assertThat(monitor.unreadable()).isEqualTo(1);
        }
    }
}
