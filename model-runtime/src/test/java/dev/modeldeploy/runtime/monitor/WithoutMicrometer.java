package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.CallbackSink;
import dev.modeldeploy.runtime.batch.IterableSource;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.features.FeatureEnricher;
import dev.modeldeploy.runtime.features.FeatureLookup;
import dev.modeldeploy.runtime.features.SnapshotFeatureSource;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.online.RequestEnricher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a user without Micrometer does: publish with a baseline, serve online with feature lookup,
 * micro-batching and a drift monitor, run a monitored batch job. Loaded by {@link WithoutMicrometerTest}
 * in a class loader that has no Micrometer.
 */
public final class WithoutMicrometer {
    private WithoutMicrometer() {
    }

    /** @return a summary line: predictions seen by the monitors and the batch run's status */
    public static String run() throws Exception {
        Path tmp = Files.createTempDirectory("no-micrometer");
        ModelRepository repository = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
        URI uri = repository.publish(Samples.model(), tmp.resolve("store").resolve("scores").toUri(),
                PublishOptions.builder().trainingSample(Samples.normal(500, 0, new Random(1))).build());
        List<Map<String, Object>> live = Samples.normal(100, 0, new Random(2));

        FeatureEnricher features = FeatureEnricher.builder().lookup(FeatureLookup.builder("site",
                SnapshotFeatureSource.of(Map.of("s1", Map.of("visits", 3.0)))).keyField("site").fields("visits").build()).build();
        RequestEnricher<Map<String, Object>> enricher = r -> {
            Map<String, Object> withSite = new HashMap<>(r);
            withSite.put("site", "s1");
            return features.enrich(withSite);
        };
        long online;
        try (var model = repository.load(uri);
             DriftMonitor monitor = DriftMonitor.of(model.info(), DriftConfig.builder().executor(Runnable::run).build())) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            OnlinePredictor<Map<String, Object>, Object> predictor = OnlinePredictor.builder((dev.modeldeploy.api.Model) model)
                    .config(OnlinePredictorConfig.builder().warmUpIterations(1).microBatching(8, Duration.ofMillis(1))
                            .listener(monitor.predictorListener()).build())
                    .enricher(enricher).build();
            try (predictor) {
                for (Map<String, Object> r : live) {
                    predictor.predict(r);
                }
            }
            online = monitor.peek().window().records();
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            Map<String, Object> r = new HashMap<>(live.get(i));
            r.put("id", i);
            rows.add(r);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        BatchJob<Map, Double> job = BatchJob.builder(Map.class, Double.class).runKey(RunKey.of("scores", Map.of("day", "1")))
                .model(uri).source(new IterableSource<Map>((List) rows, r -> r.get("id")))
                .sink(new CallbackSink<Double>((run, predictions, rejects) -> { })).build();
        RunSummary summary = BatchRunner.builder().repository(repository).monitorDrift(DriftConfig.defaults()).build().run(job);
        return "online " + online + ", batch " + summary.status() + " " + summary.drift().window().records()
                + ", features missing " + features.metrics().missing("visits");
    }
}
