package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Regression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Real models of the built-in linear format for the online tests, and records for them. */
final class TestModels {
    static final FeatureSpec SPEC = FeatureSpec.builder().numeric("a").numeric("b").numeric("c").build();
    private static final Map<Integer, LinearModel<Map<String, Object>, Regression>> REFERENCE = new ConcurrentHashMap<>();

    private TestModels() {
    }

    /** {@code intercept + 0.5 a - 1.25 b + 2 c}. */
    static LinearModel<Map<String, Object>, Regression> regression(double intercept) {
        return LinearModel.linearRegression("eta", SPEC).coefficients(0.5, -1.25, 2.0).intercept(intercept).build();
    }

    /**
     * Version {@code v} of the model: intercept {@code 1000 v}, so that an answer's value tells which
     * version computed it (records keep the rest far below 500).
     */
    static ProbeModel<Map<String, Object>, float[], Regression> version(int v) {
        return new ProbeModel<>(regression(1000.0 * v), v);
    }

    /** The exact answer version {@code v} gives for a record (computed by a model of its own). */
    static double expected(Map<String, Object> record, int v) {
        return REFERENCE.computeIfAbsent(v, k -> regression(1000.0 * k)).predictRecord(record).value();
    }

    /** {@code n} records with fields a, b, c in [-10, 10). */
    static List<Map<String, Object>> records(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("a", random.nextDouble() * 20 - 10);
            r.put("b", random.nextDouble() * 20 - 10);
            r.put("c", random.nextDouble() * 20 - 10);
            out.add(r);
        }
        return out;
    }

    /** Config with no warm-up, to keep tests fast where warm-up is not the subject. */
    static OnlinePredictorConfig.Builder quick() {
        return OnlinePredictorConfig.builder().warmUpIterations(0);
    }
}
