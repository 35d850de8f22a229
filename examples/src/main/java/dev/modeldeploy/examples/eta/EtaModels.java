package dev.modeldeploy.examples.eta;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.api.error.ModelNotFoundException;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Regression;
import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The models and restaurant features of the ETA example: three versions of a delivery-time
 * regression (the one in production, a candidate for a canary, a challenger to shadow), published to
 * a local model store with a training sample (so each carries the baseline its drift monitor compares
 * live traffic with), and a snapshot of restaurant preparation times such as a streaming job keeps.
 */
final class EtaModels {
    /** The order's own fields and the two restaurant features looked up for it. */
    static final FeatureSpec SPEC = FeatureSpec.builder().numeric("distance_km").numeric("items")
            .numeric("restaurant_prep_minutes_7d").numeric("restaurant_prep_minutes_1h").build();

    /** Coefficients (distance, items, prep 7 d, prep 1 h) and intercept of versions 1, 2 and 3. */
    private static final double[][] VERSIONS = {
            {2.6, 0.5, 0.9, 0.1, 6.0},
            {2.4, 0.4, 0.6, 0.4, 6.5},
            {2.5, 0.6, 0.5, 0.5, 5.0},
    };

    private EtaModels() {
    }

    /** Publishes versions 1 to 3 of {@code model} unless the store already holds them; returns their URIs. */
    static List<URI> publish(ModelRepository repository, URI model) {
        int existing;
        try {
            existing = repository.versions(model).size();
        } catch (ModelNotFoundException e) {
            existing = 0;
        }
        for (int v = existing; v < VERSIONS.length; v++) {
            double[] c = VERSIONS[v];
            try (LinearModel<Map<String, Object>, Regression> eta = LinearModel.linearRegression("eta", SPEC)
                    .coefficients(c[0], c[1], c[2], c[3]).intercept(c[4]).build()) {
                repository.publish(eta, model, PublishOptions.builder()
                        .description("ETA in minutes, version " + (v + 1)).inputExample(List.of(example()))
                        .trainingSample(trainingSample(1_000)).build());
            }
        }
        return List.of(URI.create(model + "/1"), URI.create(model + "/2"), URI.create(model + "/3"));
    }

    /** Loads one version, typed for maps of fields in and a regression out. */
    @SuppressWarnings("unchecked") // the linear format reads field maps: checked by the typed load
    static Model<Map<String, Object>, ?, Regression> load(ModelRepository repository, URI version) {
        return (Model<Map<String, Object>, ?, Regression>) (Model<?, ?, ?>) repository.load(version, Map.class,
                Regression.class);
    }

    /** An enriched order, as the model sees it. */
    static Map<String, Object> example() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("distance_km", 3.2);
        r.put("items", 2);
        r.put("restaurant_prep_minutes_7d", 14.0);
        r.put("restaurant_prep_minutes_1h", 17.5);
        return r;
    }

    /**
     * {@code n} enriched orders like those the models were trained on, from which publishing computes each
     * version's monitoring baseline: 0.5 to 11.5 km, 1 to 5 items, from the restaurants of
     * {@link #restaurants}. Seeded: the same on every start.
     */
    static List<Map<String, Object>> trainingSample(int n) {
        Random random = new Random(20261121);
        List<Map<String, Object>> restaurants = List.copyOf(restaurants(500).values());
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> restaurant = restaurants.get(random.nextInt(restaurants.size()));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("distance_km", 0.5 + random.nextDouble() * 11);
            r.put("items", 1 + random.nextInt(5));
            r.put("restaurant_prep_minutes_7d", restaurant.get("prep_minutes_7d"));
            r.put("restaurant_prep_minutes_1h", restaurant.get("prep_minutes_1h"));
            rows.add(r);
        }
        return rows;
    }

    /** Preparation times of restaurants 1..n (last 7 days, last hour), seeded: the same on every start. */
    static Map<String, Map<String, Object>> restaurants(int n) {
        Random random = new Random(20261122);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int id = 1; id <= n; id++) {
            double week = 8 + random.nextDouble() * 17;
            out.put(String.valueOf(id), Map.of("prep_minutes_7d", week,
                    "prep_minutes_1h", Math.max(4, week + random.nextGaussian() * 4)));
        }
        return out;
    }
}
