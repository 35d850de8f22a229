package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.prediction.Classification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the built-in {@code linear} format costs for a 32-feature binary logistic regression whose
 * every feature is standardized, against a hand-written loop that computes the same dot product and
 * sigmoid on features that are already floats (the floor: no record reading, no validation, no
 * result object).
 *
 * <ul>
 *   <li>{@code baseline*}: the hand-written loop on pre-featurized rows;</li>
 *   <li>{@code handWrittenFromMap}: the same, reading and standardizing the {@code Map} by hand
 *       (what a user would write without the pipeline, minus validation);</li>
 *   <li>{@code predictFeaturized}: {@code model.predict(float[])}, scoring plus the result object;</li>
 *   <li>{@code predictRecord}: {@code model.predictRecord(map)}, the online path;</li>
 *   <li>{@code predictBatch}: preprocess {@code n} maps into a reused {@link DenseBatch} and
 *       {@code predictBatch} it, the batch-job path;</li>
 *   <li>{@code predictRecords}: the convenience call, which makes a new batch per call.</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc}: the pipeline allocates nothing per record, so
 * {@code gc.alloc.rate.norm} of the model paths is the result objects (a {@code Classification} and
 * its probability array per row, the result list per batch).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinearModelBenchmark {
    static final int FEATURES = 32;
    static final int POOL = 1024;

    /** The model, its weights, and a pool of raw records with their features already computed. */
    @State(Scope.Benchmark)
    public static class Fixture {
        LinearModel<Map<String, Object>, Classification> model;
        double[] weights;
        double intercept;
        double[] means;
        double[] stds;
        String[] names;
        List<Map<String, Object>> records;
        float[][] featurized;

        @Setup(Level.Trial)
        public void setUp() {
            Random r = new Random(17);
            FeatureSpec.Builder spec = FeatureSpec.builder();
            names = new String[FEATURES];
            means = new double[FEATURES];
            stds = new double[FEATURES];
            weights = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                names[i] = "f" + i;
                means[i] = r.nextGaussian() * 10;
                stds[i] = 0.5 + r.nextDouble() * 5;
                weights[i] = r.nextGaussian() * 0.2;
                spec.numeric(names[i], Transform.standardize(means[i], stds[i]));
            }
            intercept = -0.3;
            model = LinearModel.logisticRegression("bench", spec.build()).labels("no", "yes")
                    .coefficients(new double[][] {weights}).intercepts(intercept).build();
            records = new ArrayList<>();
            featurized = new float[POOL][];
            for (int k = 0; k < POOL; k++) {
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < FEATURES; i++) {
                    m.put(names[i], means[i] + r.nextGaussian() * stds[i]);
                }
                records.add(m);
                featurized[k] = model.preprocess(m);
            }
        }

        /** The hand-written score of pre-computed features. */
        double score(float[] x, int offset) {
            double z = intercept;
            for (int i = 0; i < FEATURES; i++) {
                z += weights[i] * x[offset + i];
            }
            return 1.0 / (1.0 + Math.exp(-z));
        }
    }

    /** Per-thread cursor through the record pool, so consecutive calls see different records. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            return next = (next + 1) & (POOL - 1);
        }
    }

    /** A batch of {@code n} records, their features as one flat array, and a reused batch and output. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"1", "32", "1024"})
        public int n;
        List<Map<String, Object>> records;
        float[] featurized;
        double[] out;
        DenseBatch batch;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            records = f.records.subList(0, n);
            featurized = new float[n * FEATURES];
            for (int k = 0; k < n; k++) {
                System.arraycopy(f.featurized[k], 0, featurized, k * FEATURES, FEATURES);
            }
            out = new double[n];
            batch = f.model.newBatch(n);
        }
    }

    @Benchmark
    public double baselineSingle(Fixture f, Cursor c) {
        return f.score(f.featurized[c.advance()], 0);
    }

    @Benchmark
    public double handWrittenFromMap(Fixture f, Cursor c) {
        Map<String, Object> m = f.records.get(c.advance());
        double z = f.intercept;
        for (int i = 0; i < FEATURES; i++) {
            double v = ((Number) m.get(f.names[i])).doubleValue();
            z += f.weights[i] * (float) ((v - f.means[i]) / f.stds[i]);
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    @Benchmark
    public Classification predictFeaturized(Fixture f, Cursor c) {
        return f.model.predict(f.featurized[c.advance()]);
    }

    @Benchmark
    public Classification predictRecord(Fixture f, Cursor c) {
        return f.model.predictRecord(f.records.get(c.advance()));
    }

    @Benchmark
    public double[] baselineBatch(Fixture f, Batch b) {
        for (int k = 0; k < b.n; k++) {
            b.out[k] = f.score(b.featurized, k * FEATURES);
        }
        return b.out;
    }

    @Benchmark
    public List<Classification> predictBatch(Fixture f, Batch b) {
        b.batch.clear();
        f.model.preprocess(b.records, b.batch);
        return f.model.predictBatch(b.batch);
    }

    @Benchmark
    public List<Classification> predictRecords(Fixture f, Batch b) {
        return f.model.predictRecords(b.records);
    }
}
