package dev.modeldeploy.runtime.online;

import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.prediction.Regression;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.modeldeploy.runtime.online.TestModels.expected;
import static dev.modeldeploy.runtime.online.TestModels.quick;
import static dev.modeldeploy.runtime.online.TestModels.records;
import static dev.modeldeploy.runtime.online.TestModels.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking caller of one record preprocesses it before queuing it, for the version in service, and
 * a batch of such requests only copies their features. Gates in the model line the calls up, so
 * nothing here depends on timing.
 */
class CallerPreprocessingTest {

    @Test
    void eachCallerPreprocessesItsOwnRecordAndTheBatchScoresThoseFeatures() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        List<Map<String, Object>> records = records(8, 31);
        AtomicInteger queued = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(8, r -> new Thread(r, "caller-" + started.incrementAndGet()));
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model).config(quick()
                .microBatching(8, Duration.ofSeconds(10)).listener(new PredictorListener() {
                    @Override
                    public void onRequest(int records) {
                        queued.addAndGet(records);
                    }
                }).build()).build()) {
            ProbeModel.Gate gate = model.arm();
            List<Future<Double>> answers = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Map<String, Object> r = records.get(i);
                answers.add(callers.submit(() -> predictor.predict(r).value().value()));
                if (i == 0) {
                    gate.awaitEntered(); // the first caller runs its lone batch and is held in predictBatch
                }
            }
            while (queued.get() < records.size()) {
                Thread.onSpinWait(); // every caller has preprocessed and queued its record
            }
            gate.open();
            for (int i = 0; i < records.size(); i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(expected(records.get(i), 1));
            }
            assertThat(model.batchPreprocesses()).isZero();
            assertThat(model.recordPreprocessors()).hasSize(records.size()).allMatch(t -> t.startsWith("caller-"))
                    .doesNotHaveDuplicates();
            assertThat(model.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(records.size());
            assertThat(model.batchSizes()).hasSizeLessThan(records.size()); // the seven queued ones went together
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void withAnEnricherTheBatchPreprocessesTheEnrichedRecords() {
        ProbeModel<Map<String, Object>, float[], Regression> model = version(1);
        Map<String, Object> full = records(1, 32).get(0);
        Map<String, Object> partial = new HashMap<>(full);
        Object c = partial.remove("c");
        RequestEnricher<Map<String, Object>> addC = request -> {
            Map<String, Object> out = new HashMap<>(request);
            out.put("c", c);
            return out;
        };
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(model).enricher(addC)
                .config(quick().microBatching(8, Duration.ofMillis(1)).build()).build()) {
            assertThat(predictor.predict(partial).value().value()).isEqualTo(expected(full, 1));
        }
        assertThat(model.recordPreprocessors()).isEmpty();
        assertThat(model.batchPreprocesses()).isEqualTo(1);
    }

    @Test
    void featuresPreprocessedForAVersionSwappedOutMeanwhileAreNotScoredByTheNewOne() throws Exception {
        ProbeModel<Map<String, Object>, float[], Regression> v1 = version(1);
        // Version 2 takes its features in the reverse order: version 1's features scored by it would give
        // 2000 + 2 a - 1.25 b + 0.5 c instead of 2000 + 0.5 a - 1.25 b + 2 c.
        FeatureSpec reversed = FeatureSpec.builder().numeric("c").numeric("b").numeric("a").build();
        LinearModel<Map<String, Object>, Regression> reversedModel = LinearModel.linearRegression("eta", reversed)
                .coefficients(2.0, -1.25, 0.5).intercept(2000).build();
        ModelInfo info2 = reversedModel.info().toBuilder().version(2).build();
        ProbeModel<Map<String, Object>, float[], Regression> v2 = new ProbeModel<>(reversedModel, info2);
        Map<String, Object> record = records(1, 33).get(0);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (OnlinePredictor<Map<String, Object>, Regression> predictor = OnlinePredictor.builder(v1)
                .config(quick().microBatching(8, Duration.ofMillis(1)).build()).build()) {
            ProbeModel.Gate gate = v1.armPreprocess();
            Future<Prediction<Regression>> answer = caller.submit(() -> predictor.predict(record));
            gate.awaitEntered(); // the caller is preprocessing for version 1
            predictor.swap(v2);
            gate.open();
            Prediction<Regression> p = answer.get(30, TimeUnit.SECONDS);
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.value().value()).isEqualTo(expected(record, 2));
            assertThat(v2.batchPreprocesses()).isEqualTo(1);
            assertThat(v1.batchSizes()).isEmpty();
        } finally {
            caller.shutdownNow();
        }
    }
}
