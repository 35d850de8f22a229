package dev.modeldeploy.benchmarks;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.IterableSource;
import dev.modeldeploy.runtime.batch.RunKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * What the batch runner costs over scoring by hand: a job of {@value #ROWS} in-memory leads
 * ({@link IterableSource} into a sink that only counts) against a raw loop that preprocesses and
 * {@code predictBatch}es the same {@value #CHUNK}-record chunks, each with 1 and 2 threads. Read the
 * results as ratios, all from the same run:
 *
 * <ul>
 *   <li>overhead: {@code rawLoop / runner} at the same thread count (goal ≥ 0.95: the runner's reading,
 *       queueing, id bookkeeping and commits cost under 5 %);</li>
 *   <li>scaling: {@code runner(1) / runner(2)} against {@code rawLoop(1) / rawLoop(2)} (goal: the runner
 *       keeps ≥ 0.9 of the speed-up threads give the raw loop on this machine).</li>
 * </ul>
 *
 * Scores are per record (the job's time divided by {@value #ROWS}). The raw loop's threads come from a
 * pool made once; the runner starts its workers per run, as a real job does. On a 2-core machine the
 * runner's single worker has a reader thread reading ahead on the other core, while its two workers
 * take turns reading the source themselves (a reader thread would take a core from them).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BatchRunnerBenchmark.ROWS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class BatchRunnerBenchmark {
    static final int ROWS = 100_000;
    static final int CHUNK = 1_000;
    static final int FEATURES = 16;

    @Param({"1", "2"})
    public int threads;

    LinearModel<Map<String, Object>, Classification> model;
    List<Map<String, Object>> leads;
    List<List<Map<String, Object>>> chunks;
    BatchRunner runner;
    ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        model = BatchFixtures.model(FEATURES);
        leads = new ArrayList<>(BatchFixtures.leads(ROWS, FEATURES)); // Made once: neither side pays for them.
        chunks = new ArrayList<>();
        for (int from = 0; from < ROWS; from += CHUNK) {
            chunks.add(leads.subList(from, Math.min(ROWS, from + CHUNK)));
        }
        runner = BatchRunner.builder().config(BatchConfig.builder().chunkSize(CHUNK).threads(threads).build()).build();
        pool = Executors.newFixedThreadPool(threads);
        // The leads live through the whole trial, unlike a real source's records, which die young where they
        // were allocated together. Left to G1's young collections, each map's nodes end up scattered, and
        // both sides measured cache misses: 740 ns per record on the raw loop against 311 under SerialGC,
        // varying by ±5-7 % from fork to fork. A full collection now compacts them once.
        System.gc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public long runner() {
        BatchFixtures.CountingSink<Classification> sink = new BatchFixtures.CountingSink<>();
        runner.run(BatchJob.forMaps(Classification.class).runKey(RunKey.of("bench")).model(model, URI.create("file:/bench/model/1"))
                .source(new IterableSource<>(leads, r -> r.get("id"))).sink(sink).build());
        return sink.predictions.sum();
    }

    @Benchmark
    public long rawLoop() throws Exception {
        if (threads == 1) {
            return scoreChunks(new AtomicInteger());
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> scoreChunks(next)));
        }
        long scored = 0;
        for (Future<Long> part : parts) {
            scored += part.get();
        }
        return scored;
    }

    // Takes chunks until none is left: preprocess into a reused batch, predictBatch, count.
    private long scoreChunks(AtomicInteger next) {
        DenseBatch batch = model.newBatch(CHUNK);
        long scored = 0;
        for (int c; (c = next.getAndIncrement()) < chunks.size(); ) {
            batch.clear();
            model.preprocess(chunks.get(c), batch);
            scored += model.predictBatch(batch).size();
        }
        return scored;
    }
}
