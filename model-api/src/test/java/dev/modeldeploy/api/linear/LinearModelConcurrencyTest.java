package dev.modeldeploy.api.linear;

import dev.modeldeploy.api.prediction.Classification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One model shared by many threads gives what it gives to one. */
class LinearModelConcurrencyTest {

    @Test
    void parallelPredictionsEqualSequentialOnes() throws Exception {
        LinearModel<Map<String, Object>, Classification> model = LinearFormatTest.softmaxModel();
        List<Map<String, Object>> records = LinearFormatTest.leads(2_000, 21);
        List<Classification> expected = new ArrayList<>();
        for (Map<String, Object> r : records) {
            expected.add(model.predictRecord(r));
        }

        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 97;
                boolean batches = t % 2 == 0;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        if (batches) {
                            // Each thread its own batch, records in a rotated order.
                            for (int from = 0; from < records.size(); from += 250) {
                                List<Map<String, Object>> chunk = new ArrayList<>();
                                for (int i = from; i < Math.min(records.size(), from + 250); i++) {
                                    chunk.add(records.get((i + offset) % records.size()));
                                }
                                List<Classification> got = model.predictRecords(chunk);
                                for (int i = 0; i < got.size(); i++) {
                                    assertThat(got.get(i)).isEqualTo(expected.get((from + i + offset) % records.size()));
                                }
                            }
                        } else {
                            for (int i = 0; i < records.size(); i++) {
                                int k = (i + offset) % records.size();
                                assertThat(model.predictRecord(records.get(k))).isEqualTo(expected.get(k));
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
