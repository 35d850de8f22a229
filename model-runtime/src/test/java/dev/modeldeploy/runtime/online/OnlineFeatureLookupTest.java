package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.FeatureSource;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;

/** The predictor with the feature lookup on the other side of {@link RequestEnricher}: the restaurant's "c" comes from a store. */
class OnlineFeatureLookupTest {
    private static final int RESTAURANTS = 50;

    /** A feature source that records how many keys each round trip asked for. */
    private static final class CountingSource implements FeatureSource {
        final FeatureSource delegate;
        final List<Integer> roundTrips = new CopyOnWriteArrayList<>();

        CountingSource(FeatureSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, Map<String, Object>> lookupAll(Collection<String> keys) {
            roundTrips.add(keys.size());
            return delegate.lookupAll(keys);
        }
    }

    private static CountingSource restaurants() {
        Map<String, Map<String, Object>> entities = new HashMap<>();
        for (int id = 0; id < RESTAURANTS; id++) {
            entities.put(Integer.toString(id), Map.of("prep_minutes", id * 0.5));
        }
        return new CountingSource(SnapshotFeatureSource.of(entities));
    }

    private static FeatureEnricher enricher(FeatureSource source) {
        return FeatureEnricher.builder().lookup(FeatureLookup.builder("restaurant", source).keyField("restaurant_id")
                .field("prep_minutes", "c").build()).build();
    }

    private static Map<String, Object> request(int restaurant, double a, double b) {
        return Map.of("restaurant_id", restaurant, "a", a, "b", b);
    }

    /** What the model answers once the restaurant's c is known. */
    private static double answer(Map<String, Object> request, int version) {
        Map<String, Object> full = new HashMap<>(request);
        full.put("c", ((Integer) request.get("restaurant_id")) * 0.5);
        return expected(full, version);
    }

    @Test
    void aMicroBatchLooksItsFeaturesUpInOneRoundTrip() throws Exception {
        CountingSource source = restaurants();
        var model = version(1);
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model)
                .config(quick().microBatching(16, Duration.ofMillis(1)).build()).enricher(enricher(source)).build()) {
            ProbeModel.Gate gate = model.arm();
            CompletableFuture<Prediction<Regression>> first = predictor.predictAsync(request(1, 0, 0));
            gate.awaitEntered();
            List<Map<String, Object>> requests = new ArrayList<>();
            List<CompletableFuture<Prediction<Regression>>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(request(i % 4, i, -i));
                answers.add(predictor.predictAsync(requests.get(i)));
            }
            gate.open();
            assertThat(first.get().value().value()).isEqualTo(answer(request(1, 0, 0), 1));
            for (int i = 0; i < 10; i++) {
                assertThat(answers.get(i).get().value().value()).isEqualTo(answer(requests.get(i), 1));
            }
            // one round trip for the lone first request, one for the ten (four distinct restaurants)
            assertThat(source.roundTrips).containsExactly(1, 4);
            assertThat(model.batchSizes()).containsExactly(1, 10);
        }
    }

    @Test
    void manyThreadsWithLookupsGetTheSequentialAnswers() throws Exception {
        CountingSource source = restaurants();
        Random random = new Random(60);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            requests.add(request(random.nextInt(RESTAURANTS), random.nextDouble(), random.nextDouble()));
        }
        List<Double> sequential = requests.stream().map(r -> answer(r, 1)).toList();
        for (boolean batching : new boolean[] {false, true}) {
            OnlinePredictorConfig.Builder config = quick().queueCapacity(8 * 500);
            if (batching) {
                config.microBatching(32, Duration.ofMillis(1));
            }
            try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(version(1))
                    .config(config.build()).enricher(enricher(source)).build()) {
                List<List<Double>> results = ConcurrencyTest.runConcurrently(requests.size(), (thread, order) -> {
                    double[] out = new double[requests.size()];
                    for (int i : order) {
                        out[i] = (i % 2 == 0 ? predictor.predict(requests.get(i)) : predictor.predictAsync(requests.get(i)).get())
                                .value().value();
                    }
                    List<Double> list = new ArrayList<>();
                    for (double v : out) {
                        list.add(v);
                    }
                    return list;
                });
                assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(sequential));
            }
        }
    }
}
