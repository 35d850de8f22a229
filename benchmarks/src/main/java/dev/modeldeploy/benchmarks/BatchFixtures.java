package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.Rejected;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Scored;
import dev.modeldeploy.runtime.batch.Sink;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the batch benchmarks share: a lead-scoring logistic regression over standardized numeric
 * features (the built-in {@code linear} format), leads whose values depend only on their id (so a
 * source can make them on the fly, in any order), and a sink that only counts.
 */
final class BatchFixtures {
    private BatchFixtures() {
    }

    /** A binary logistic regression over {@code features} standardized numbers {@code f0 …}. */
    static LinearModel<Map<String, Object>, Classification> model(int features) {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        double[] weights = new double[features];
        for (int i = 0; i < features; i++) {
            spec.numeric("f" + i, Transform.standardize(5.0, 2.5));
            weights[i] = ((i * 37) % 11 - 5) / 10.0;
        }
        return LinearModel.logisticRegression("bench", spec.build()).labels("lost", "won")
                .coefficients(new double[][] {weights}).intercepts(-0.3).build();
    }

    /** Feature names, one String each, shared by every lead as a JSON parser's or a JDBC row's keys are. */
    private static final String[] NAMES = IntStream.range(0, 64).mapToObj(i -> "f" + i).toArray(String[]::new);

    /** Lead {@code id}: its id and {@code features} numbers in [0, 10). */
    static Map<String, Object> lead(long id, int features) {
        Map<String, Object> m = new HashMap<>(2 * features + 2);
        m.put("id", id);
        for (int i = 0; i < features; i++) {
            m.put(NAMES[i], (double) ((id * 2_654_435_761L + i * 40_503L) % 1_000) / 100.0);
        }
        return m;
    }

    /** Leads {@code 0 … n - 1}, each made when read: memory stays flat whatever {@code n}. */
    static List<Map<String, Object>> leads(int n, int features) {
        return new AbstractList<>() {
            @Override
            public Map<String, Object> get(int index) {
                return lead(index, features);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** A sink that counts predictions and keeps no ledger, so every run of the same key does all the work. */
    static final class CountingSink<O> implements Sink<O> {
        final LongAdder predictions = new LongAdder();

        @Override
        public Resume open(RunKey key) {
            return Resume.fresh();
        }

        @Override
        public void commit(RunInfo run, ChunkRange range, List<Scored<O>> scored, List<Rejected> rejects) {
            predictions.add(scored.size());
        }

        @Override
        public void finish(RunInfo run, RunSummary summary) {
            // Nothing to record.
        }
    }
}
