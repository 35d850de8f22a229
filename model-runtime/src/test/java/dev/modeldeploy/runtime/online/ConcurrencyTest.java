package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static org.assertj.core.api.Assertions.assertThat;

/** Many threads at once get exactly the answers one thread gets calling the model directly. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int RECORDS = 3_000;

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void linearModelAnswersEqualSequentialOnes(boolean batching) throws Exception {
        List<Map<String, Object>> records = records(RECORDS, 30);
        var model = TestModels.regression(7.5);
        List<Double> sequential = records.stream().map(r -> model.predictRecord(r).value()).toList();
        OnlinePredictorConfig.Builder config = quick().queueCapacity(RECORDS * THREADS);
        if (batching) {
            config.microBatching(8, Duration.ofMillis(1)).dispatchers(2);
        }
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(TestModels.regression(7.5))
                .config(config.build()).build()) {
            List<List<Double>> results = runConcurrently(records.size(), (thread, order) -> {
                double[] out = new double[records.size()];
                for (int k = 0; k < order.size(); k++) {
                    int i = order.get(k);
                    // mix the three ways of asking: sync, async, and several records at once
                    switch (k % 3) {
                        case 0 -> out[i] = predictor.predict(records.get(i)).value().value();
                        case 1 -> out[i] = predictor.predictAsync(records.get(i)).get().value().value();
                        default -> {
                            int j = order.get(k - 1);
                            List<Regression> two = predictor.predictAll(List.of(records.get(j), records.get(i))).value();
                            assertThat(two.get(0).value()).isEqualTo(out[j]);
                            out[i] = two.get(1).value();
                        }
                    }
                }
                List<Double> list = new ArrayList<>();
                for (double v : out) {
                    list.add(v);
                }
                return list;
            });
            for (List<Double> result : results) {
                assertThat(result).isEqualTo(sequential);
            }
        }
    }

    @ParameterizedTest(name = "micro-batching {0}")
    @ValueSource(booleans = {false, true})
    void weightedSumAnswersEqualSequentialOnes(boolean batching) throws Exception {
        WeightedSumModel model = WeightedSumModel.of("sum", Map.of("x", 0.25f, "y", -4f), 2f);
        Random random = new Random(31);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(Map.of("x", random.nextInt(1000), "y", random.nextDouble()));
        }
        List<Double> sequential = records.stream().map(model::predictRecord).toList();
        OnlinePredictorConfig.Builder config = quick().queueCapacity(RECORDS * THREADS);
        if (batching) {
            config.microBatching(64, Duration.ZERO);
        }
        try (OnlinePredictor<Map<String, Object>, Double> predictor = OnlinePredictor.builder(model).config(config.build()).build()) {
            List<List<Double>> results = runConcurrently(records.size(), (thread, order) -> {
                List<CompletableFuture<Prediction<Double>>> futures = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    futures.add(predictor.predictAsync(records.get(i)));
                }
                List<Double> out = new ArrayList<>();
                for (CompletableFuture<Prediction<Double>> f : futures) {
                    out.add(f.get().value());
                }
                return out;
            });
            for (List<Double> result : results) {
                assertThat(result).isEqualTo(sequential);
            }
        }
    }

    interface Work {
        List<Double> run(int thread, List<Integer> order) throws Exception;
    }

    /** Runs {@code work} on {@link #THREADS} threads at once, each visiting the records in its own order. */
    static List<List<Double>> runConcurrently(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Double>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(thread));
                futures.add(pool.submit(() -> work.run(thread, order)));
            }
            List<List<Double>> results = new ArrayList<>();
            for (Future<List<Double>> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
