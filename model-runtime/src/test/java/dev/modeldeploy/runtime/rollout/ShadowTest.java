package dev.modeldeploy.runtime.rollout;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.expected;
import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shadow never delays or fails the answer: shown without timing, with a shadow stuck on a latch
 * (every primary request completes, the bounded queue fills, the drop counter rises) and a shadow
 * that throws.
 */
class ShadowTest {

    /** Collects shadow results and drops. */
    private static final class Collector implements RolloutListener<Double> {
        final ConcurrentLinkedQueue<ShadowResult<Double>> results = new ConcurrentLinkedQueue<>();
        final AtomicInteger dropped = new AtomicInteger();
        final CountDownLatch expected;

        Collector(int expected) {
            this.expected = new CountDownLatch(expected);
        }

        @Override
        public void onShadow(ShadowResult<Double> result) {
            results.add(result);
            expected.countDown();
        }

        @Override
        public void onShadowDropped(String variant) {
            dropped.incrementAndGet();
        }

        void await() throws InterruptedException {
            assertThat(expected.await(30, TimeUnit.SECONDS)).as("shadow results arrived").isTrue();
        }
    }

    @Test
    void aShadowStuckForeverNeverHoldsThePrimaryItsQueueFillsAndDropsAreCounted() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        ScriptedModel shadowModel = new ScriptedModel("eta", 2).blockOn(stuck);
        Collector collector = new Collector(5);
        var d = Deployment.builder("eta", "v1", Variants.serve(new ScriptedModel("eta", 1)))
                .unitKey(r -> (String) r.get("user"))
                .variant("v2", Variants.serve(shadowModel))
                .shadowExecutor(1, 4)
                .listener(collector)
                .build();
        try (d) {
            d.shadow("v2", 1.0);
            RoutedPrediction<Double> first = d.predict(request("user-0", 0.0));
            shadowModel.awaitCall(); // the one shadow thread is now stuck inside the model
            for (int u = 1; u < 100; u++) {
                RoutedPrediction<Double> answer = d.predict(request("user-" + u, u));
                assertThat(answer.variant()).isEqualTo("v1");
                assertThat(answer.value()).isEqualTo(expected(1, u));
            }
            assertThat(first.value()).isEqualTo(expected(1, 0));
            // one shadow request held by the thread, four in the queue, the other 95 dropped
            assertThat(d.shadowSubmitted()).isEqualTo(5);
            assertThat(d.shadowDrops()).isEqualTo(95);
            assertThat(collector.dropped).hasValue(95);
            assertThat(collector.results).isEmpty();

            stuck.countDown();
            collector.await();
            assertThat(collector.results).hasSize(5).allSatisfy(r -> {
                assertThat(r.failed()).isFalse();
                assertThat(r.variant()).isEqualTo("v2");
                double x = r.served().prediction().value() - 1000;
                assertThat(r.answer().value()).isEqualTo(expected(2, x));
                assertThat(r.answer().version()).isEqualTo(2);
                assertThat(r.served().variant()).isEqualTo("v1");
            });
        } finally {
            stuck.countDown();
        }
    }

    @Test
    void aThrowingShadowNeverFailsThePrimaryAndItsErrorsAreReported() throws Exception {
        Collector collector = new Collector(200);
        var d = Deployment.builder("eta", "v1", Variants.serve(new ScriptedModel("eta", 1)))
                .unitKey(r -> (String) r.get("user"))
                .variant("v2", Variants.serve(new ScriptedModel("eta", 2).failing(true)))
                .shadowExecutor(2, 1000)
                .listener(collector)
                .build();
        try (d) {
            d.shadow("v2", 1.0);
            for (int u = 0; u < 200; u++) {
                assertThat(d.predict(request("user-" + u, u)).value()).isEqualTo(expected(1, u));
            }
            collector.await();
            assertThat(collector.results).hasSize(200)
                    .allSatisfy(r -> assertThat(r.error()).hasMessageContaining("injected failure of eta/2"));
            assertThat(d.shadowDrops()).isZero();
        }
    }

    @Test
    void aShadowScoresTheConfiguredFractionOfUnitsChosenByTheirHash() throws Exception {
        List<String> units = java.util.stream.IntStream.range(0, 2000).mapToObj(u -> "user-" + u).toList();
        long shadowed = units.stream().filter(u -> UnitHash.position("shadow/v3", u) < 0.3).count();
        Collector collector = new Collector((int) shadowed);
        try (var d = Variants.threeVersions().listener(collector).build()) {
            d.shadow("v3", 0.3);
            for (String u : units) {
                d.predict(Map.of("user", u, "x", 1.0));
            }
            collector.await();
            assertThat(collector.results).hasSize((int) shadowed)
                    .allSatisfy(r -> assertThat(UnitHash.position("shadow/v3", r.unit())).isLessThan(0.3));
            assertThat(shadowed).isBetween(540L, 660L);
            d.stopShadow("v3");
            assertThat(d.shadows()).isEmpty();
        }
    }
}
