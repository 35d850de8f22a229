package dev.modeldeploy.testkit;

import dev.modeldeploy.api.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Check#THREAD_SAFETY}: several threads, released together, call {@code predict(preprocess(x))}
 * and {@code predictRecord(x)} in turn over the samples, each thread starting at a different sample so
 * that different inputs are in flight at once; every answer must equal the sequential one.
 *
 * <p>A race shows only when calls overlap, so a pass is evidence, not proof; more threads and calls per
 * thread make it stronger.
 */
final class ThreadSafetyCheck<I, O> extends KitCheck<I, O> {

    ThreadSafetyCheck(ModelTestKit<I, O> kit) {
        super(kit, Check.THREAD_SAFETY);
    }

    @Override
    String details() {
        return " (" + kit.threads() + " threads x " + kit.callsPerThread() + " calls, tolerance: " + kit.tolerance() + ")";
    }

    @Override
    void run(Failures failures) {
        List<Attempt<O>> sequential = references(failures);
        if (!failures.isEmpty()) {
            return; // Without every sequential answer there is nothing sound to compare with.
        }
        int threads = kit.threads();
        Map<Integer, String> firstProblemBySample = new ConcurrentSkipListMap<>();
        Map<Integer, RuntimeException> firstErrorBySample = new ConcurrentSkipListMap<>();
        AtomicInteger wrongCalls = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    callRepeatedly(thread, sequential, firstProblemBySample, firstErrorBySample, wrongCalls);
                    return null;
                }));
            }
            pool.shutdown();
            if (!pool.awaitTermination(kit.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                failures.add("the concurrent calls did not finish within " + kit.timeout() + " (a deadlock?)");
                return;
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted while waiting for the concurrent calls", e);
            return;
        } catch (ExecutionException e) {
            failures.add("a calling thread failed: " + Describe.exception(e.getCause()), e.getCause());
            return;
        } finally {
            pool.shutdownNow();
        }
        firstProblemBySample.forEach((i, problem) -> failures.add(problem, firstErrorBySample.get(i)));
        if (wrongCalls.get() > 0) {
            failures.add(wrongCalls.get() + " of " + (threads * kit.callsPerThread())
                    + " concurrent calls gave a different answer or threw (the first per sample is listed)");
        }
    }

    private void callRepeatedly(int thread, List<Attempt<O>> sequential, Map<Integer, String> firstProblemBySample,
                                Map<Integer, RuntimeException> firstErrorBySample, AtomicInteger wrongCalls) {
        Model<I, ?, O> model = kit.model();
        List<I> samples = kit.samples();
        int n = samples.size();
        int offset = thread * Math.max(1, n / kit.threads());
        for (int call = 0; call < kit.callsPerThread(); call++) {
            int i = (offset + call) % n;
            I sample = samples.get(i);
            boolean viaRecord = call % 2 == 1;
            Attempt<O> actual = viaRecord
                    ? Attempt.of(() -> model.predictRecord(sample))
                    : Attempt.of(() -> ModelCalls.single(model, sample));
            String problem;
            if (actual.failed()) {
                problem = "threw " + Describe.exception(actual.error());
            } else {
                problem = kit.comparison().difference(sequential.get(i).value(), actual.value())
                        .map(d -> "differs from the sequential answer " + d).orElse(null);
            }
            if (problem != null) {
                wrongCalls.incrementAndGet();
                String where = Describe.sample(i, sample) + ": " + (viaRecord ? "predictRecord(x)" : ModelCalls.SINGLE)
                        + " on thread " + (thread + 1) + " of " + kit.threads() + " (call " + (call + 1) + ") " + problem;
                if (firstProblemBySample.putIfAbsent(i, where) == null && actual.failed()) {
                    firstErrorBySample.put(i, actual.error());
                }
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "modeldeploy-testkit-" + count.incrementAndGet());
            thread.setDaemon(true); // A model that deadlocks must not keep the test JVM alive.
            return thread;
        };
    }
}
