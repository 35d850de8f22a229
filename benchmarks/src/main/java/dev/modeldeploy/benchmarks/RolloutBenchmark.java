package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Cursor;
import dev.modeldeploy.benchmarks.LinearModelBenchmark.Fixture;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.rollout.Deployment;
import dev.modeldeploy.runtime.rollout.RoutedPrediction;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a {@link Deployment} adds to the primary's answer, on the 32-feature logistic regression of
 * {@link LinearModelBenchmark}, and that a slow shadow adds nothing more:
 *
 * <ul>
 *   <li>{@code predictor}: the bare {@link OnlinePredictor}, the floor;</li>
 *   <li>{@code deployment}: routed through a deployment whose {@code policy} is {@code single} (one
 *       variant), {@code canary} (10 % to a second variant, by a MurmurHash3 of the unit key) or
 *       {@code slowShadow} (single, plus a shadow on every request whose feature lookup parks for 1 ms:
 *       its one thread and 1,000-deep queue are always full, so nearly every shadow request is dropped
 *       with one failed {@code offer} and the primary never waits for it).</li>
 * </ul>
 *
 * <p>Expect {@code single} and {@code canary} within a few hundred nanoseconds of {@code predictor}
 * (the unit-key hash, the routed answer) and {@code slowShadow} within the noise of {@code single}
 * plus the cost of a rejected submission.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RolloutBenchmark {

    /** The deployment under test, its primary the fixture's model. */
    @State(Scope.Benchmark)
    public static class Routed {
        @Param({"single", "canary", "slowShadow"})
        public String policy;
        OnlinePredictor<Map<String, Object>, Classification> bare;
        Deployment<Map<String, Object>, Classification> deployment;

        @Setup(Level.Trial)
        public void setUp(Fixture f) {
            OnlinePredictorConfig config = OnlinePredictorConfig.builder().warmUpIterations(0).build();
            bare = OnlinePredictor.builder(f.model).config(config).warmUpRecords(f.records.subList(0, 8)).build();
            deployment = Deployment.builder("bench", "primary", OnlinePredictor.builder(f.model).config(config).build())
                    .unitKey(r -> String.valueOf(r.get("f0")))
                    .variant("candidate", OnlinePredictor.builder(f.model).config(config).build())
                    .variant("shadow", OnlinePredictor.builder(f.model).config(config)
                            .enricher(RolloutBenchmark::slowLookup).build())
                    .shadowExecutor(1, 1000)
                    .build();
            switch (policy) {
                case "canary" -> deployment.canary("candidate", 0.10);
                case "slowShadow" -> deployment.shadow("shadow", 1.0);
                default -> { }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            bare.close();
            deployment.close();
        }
    }

    /** A feature lookup that takes 1 ms without using the CPU, as a remote store would: the slow shadow. */
    static Map<String, Object> slowLookup(Map<String, Object> request) {
        LockSupport.parkNanos(1_000_000);
        return request;
    }

    @Benchmark
    public Prediction<Classification> predictor(Fixture f, Routed r, Cursor c) {
        return r.bare.predict(f.records.get(c.advance()));
    }

    @Benchmark
    public RoutedPrediction<Classification> deployment(Fixture f, Routed r, Cursor c) {
        return r.deployment.predict(f.records.get(c.advance()));
    }
}
