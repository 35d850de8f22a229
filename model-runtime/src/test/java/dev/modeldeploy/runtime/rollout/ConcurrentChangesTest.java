package dev.modeldeploy.runtime.rollout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.expected;
import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Routing changes under load: no request is lost or fails, and none sees half of a change. */
class ConcurrentChangesTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 5000;

    /** What one request thread saw. */
    private record Tally(int answered, int wrongValue, int afterRollbackNotPrimary) {
    }

    @Test
    void rollbackUnderConcurrentLoadLosesNoRequest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (var d = Variants.threeVersions().build()) {
            d.canary("v2", 0.5);
            AtomicInteger answered = new AtomicInteger();
            CountDownLatch halfway = new CountDownLatch(1);
            CountDownLatch rolledBack = new CountDownLatch(1);
            List<Future<Tally>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    int ok = 0;
                    int wrong = 0;
                    int late = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        boolean after = rolledBack.getCount() == 0;
                        double x = i % 100;
                        RoutedPrediction<Double> a = d.predict(request("user-" + thread + "-" + i, x));
                        ok++;
                        if (a.value() != expected(a.version(), x) || a.version() != Integer.parseInt(a.variant().substring(1))) {
                            wrong++;
                        }
                        if (after && !a.variant().equals("v1")) {
                            late++;
                        }
                        if (answered.incrementAndGet() == THREADS * PER_THREAD / 3) {
                            halfway.countDown();
                        }
                    }
                    return new Tally(ok, wrong, late);
                }));
            }
            halfway.await();
            // flip the share a few times, then roll back, all while the threads keep asking
            for (double share : new double[] {0.1, 0.9, 0.3, 0.7}) {
                d.setCanaryShare(share);
            }
            d.rollback("load test");
            rolledBack.countDown();
            int total = 0;
            for (Future<Tally> f : threads) {
                Tally tally = f.get();
                total += tally.answered();
                assertThat(tally.wrongValue()).isZero();
                assertThat(tally.afterRollbackNotPrimary()).isZero();
            }
            assertThat(total).isEqualTo(THREADS * PER_THREAD);
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Single("eta", "v1"));
        } finally {
            pool.shutdownNow();
        }
    }
}
