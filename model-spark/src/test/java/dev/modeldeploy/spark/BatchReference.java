package dev.modeldeploy.spark;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.CallbackSink;
import dev.modeldeploy.runtime.batch.IterableSource;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.Rejected;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Scored;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the single-JVM batch runner makes of the same records: the reference Spark must equal. */
final class BatchReference {
    /**
     * @param cells   each scored record's prediction cells (the batch runner's columns), by id
     * @param rejects each rejected record's reason, by id
     */
    record Result(Map<Object, List<Object>> cells, Map<Object, String> rejects) {
    }

    private BatchReference() {
    }

    static <O> Result score(ModelRepository repository, URI model, Class<O> outputType, List<Map<String, Object>> records, String idField) {
        PredictionColumns<O> columns = PredictionColumns.derive(outputType);
        Map<Object, List<Object>> cells = new ConcurrentHashMap<>();
        Map<Object, String> rejects = new ConcurrentHashMap<>();
        CallbackSink<O> sink = new CallbackSink<>((run, predictions, rejected) -> {
            for (Scored<O> s : predictions) {
                cells.put(s.id(), List.of(columns.values(s.prediction())));
            }
            for (Rejected r : rejected) {
                rejects.put(r.id(), r.reason());
            }
        });
        BatchRunner runner = BatchRunner.builder().repository(repository)
                .config(BatchConfig.builder().chunkSize(64).threads(2).build()).build();
        runner.run(BatchJob.forMaps(outputType).runKey(RunKey.of("reference", Map.of())).model(model)
                .source(new IterableSource<>(records, r -> r.get(idField))).sink(sink).build());
        return new Result(cells, rejects);
    }
}
