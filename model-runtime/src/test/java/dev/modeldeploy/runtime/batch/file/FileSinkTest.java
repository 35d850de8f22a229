package dev.modeldeploy.runtime.batch.file;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.batch.BatchConfig;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.BatchRunException;
import dev.modeldeploy.runtime.batch.BatchRunner;
import dev.modeldeploy.runtime.batch.InterceptingSink;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.PredictionRows;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings({"rawtypes", "unchecked"})
class FileSinkTest {
    @TempDir
    Path tmp;
    ModelRepository repo;
    URI modelUri;
    Path input;

    @BeforeEach
    void setUp() throws Exception {
        repo = ModelRepository.builder().cacheDirectory(tmp.resolve("cache")).build();
        modelUri = tmp.resolve("store").resolve("lead-scoring").toUri();
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        repo.publish(WeightedSumModel.of("lead-scoring", weights, 1f), modelUri, PublishOptions.defaults());
        StringBuilder csv = new StringBuilder("id,visits,emails\n");
        for (int i = 0; i < 1_000; i++) {
            csv.append(i).append(',').append(i % 13).append(',').append(i == 500 ? "x" : String.valueOf(i % 3)).append('\n');
        }
        input = tmp.resolve("leads.csv");
        Files.writeString(input, csv);
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private RunSummary run(Sink<Double> sink, String date, int threads) {
        dev.modeldeploy.api.schema.Schema types = repo.info(modelUri).inputSchema();
        BatchJob<Map, Double> job = BatchJob.builder(Map.class, Double.class).runKey(RunKey.of("leads", Map.of("date", date)))
                .model(modelUri).source((dev.modeldeploy.runtime.batch.Source) CsvSource.of(input, "id").withColumnTypes(types))
                .sink(sink).build();
        return BatchRunner.builder().repository(repo).config(BatchConfig.builder().chunkSize(64).threads(threads).build()).build().run(job);
    }

    /** Output rows without the scored_at column, which differs between runs. */
    private static List<String> rowsWithoutTime(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.toList());
    }

    /** One of the ranked rows a score becomes. */
    public record Share(String part, double amount) {
    }

    @Test
    void rankedRowsGiveEachPredictionSeveralLinesWithTheirRank() throws Exception {
        Path out = tmp.resolve("shares.jsonl");
        FileSink<Double> sink = new FileSink<>(out, "id", PredictionRows.ranked("rank",
                (Double s) -> List.of(new Share("base", 1.0), new Share("rest", s - 1)), PredictionColumns.derive(Share.class)));
        assertThat(run(sink, "2026-11-20", 2).written()).isEqualTo(999);
        List<Map> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, Map.class));
        }
        assertThat(lines).hasSize(2 * 999);
        assertThat(lines.get(0).keySet()).containsExactly("id", "rank", "part", "amount", "model_name", "model_version", "run_key",
                "scored_at");
        Map<Object, List<Map>> byId = lines.stream().collect(Collectors.groupingBy(l -> l.get("id")));
        assertThat(byId).hasSize(999).doesNotContainKey("500"); // CSV ids are text; record 500 was rejected.
        byId.forEach((id, rows) -> {
            int i = Integer.parseInt((String) id);
            assertThat(rows).extracting(r -> r.get("rank")).containsExactlyInAnyOrder(1, 2);
            Map rest = rows.stream().filter(r -> r.get("rank").equals(2)).findFirst().orElseThrow();
            assertThat(rest.get("part")).isEqualTo("rest");
            assertThat(((Number) rest.get("amount")).doubleValue()).isEqualTo(0.5 * (i % 13) + 2 * (i % 3), org.assertj.core.api.Assertions.within(1e-6));
        });
    }

    @Test
    void writesACompleteCsvWithRejectsBeside() throws Exception {
        Path out = tmp.resolve("scores.csv");
        FileSink<Double> sink = new FileSink<>(out, "id", PredictionColumns.derive(Double.class));
        RunSummary summary = run(sink, "2026-11-20", 2);
        assertThat(summary.written()).isEqualTo(999);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("id,prediction,model_name,model_version,run_key,scored_at");
        assertThat(lines).hasSize(1_000);
        // Rows come out in source order whatever order the two workers committed in.
        assertThat(lines.get(1)).startsWith("0,1.0,lead-scoring,1,leads[date=2026-11-20],");
        assertThat(lines.get(2)).startsWith("1,3.5,");
        List<String> rejects = Files.readAllLines(sink.rejectsOutput());
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(1)).startsWith("500,").contains("emails");
        assertThat(tmp.resolve("scores.csv.parts")).doesNotExist();
    }

    @Test
    void jsonLinesOutput() throws Exception {
        Path out = tmp.resolve("scores.jsonl");
        run(new FileSink<>(out, "lead_id", PredictionColumns.derive(Double.class)), "2026-11-20", 1);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(999);
        assertThat(lines.get(0)).startsWith("{\"lead_id\":\"0\",\"prediction\":1.0,\"model_name\":\"lead-scoring\",\"model_version\":1,");
    }

    @Test
    void aCrashedRunLeavesNoOutputAndItsRerunEqualsACleanRun() throws Exception {
        Path clean = tmp.resolve("clean.csv");
        run(new FileSink<>(clean, "id", PredictionColumns.derive(Double.class)), "2026-11-20", 1);

        Path out = tmp.resolve("scores.csv");
        FileSink<Double> real = new FileSink<>(out, "id", PredictionColumns.derive(Double.class));
        AtomicInteger commits = new AtomicInteger();
        Sink<Double> crashing = new InterceptingSink<>(real, range -> {
            if (commits.incrementAndGet() == 6) {
                throw new IllegalStateException("power cut");
            }
        }, range -> { });
        assertThatThrownBy(() -> run(crashing, "2026-11-20", 1)).isInstanceOf(BatchRunException.class);
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("scores.csv.parts/ledger.jsonl")).exists();

        RunSummary resumed = run(real, "2026-11-20", 2);
        assertThat(resumed.read()).isEqualTo(1_000 - 5 * 64);
        assertThat(rowsWithoutTime(out)).isEqualTo(rowsWithoutTime(clean));
    }

    @Test
    void anotherRunKeyStartsAfreshAndReplacesTheOutput() throws Exception {
        Path out = tmp.resolve("scores.csv");
        FileSink<Double> sink = new FileSink<>(out, "id", PredictionColumns.derive(Double.class));
        run(sink, "2026-11-20", 1);
        RunSummary next = run(sink, "2026-11-21", 1);
        assertThat(next.read()).isEqualTo(1_000);
        assertThat(Files.readAllLines(out).get(1)).contains("leads[date=2026-11-21]");
    }
}
