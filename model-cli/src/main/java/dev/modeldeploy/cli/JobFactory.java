package dev.modeldeploy.cli;

import dev.modeldeploy.api.Model;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.Source;
import dev.modeldeploy.runtime.batch.file.CsvSource;
import dev.modeldeploy.runtime.batch.file.FileSink;
import dev.modeldeploy.runtime.batch.file.JsonLinesSource;
import dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSink;
import dev.modeldeploy.runtime.batch.jdbc.JdbcSource;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Turns batch job options into a source and a sink. Stateless. */
final class JobFactory {
    private JobFactory() {
    }

    /** The source an option names; {@code bad} makes a bad-argument error. */
    static Source<Map<String, Object>> source(JobOptions o, Map<String, String> params, Model<?, ?, ?> model,
                                              Function<String, ParameterException> bad) {
        if (o.source.startsWith("jdbc:")) {
            if (o.query == null || o.query.isBlank()) {
                throw bad.apply("--source " + JdbcDatabase.url(o.source) + " needs --query");
            }
            return JdbcSource.builder(JdbcDatabase.url(o.source)).query(o.query).idColumn(o.idColumn).params(params).build();
        }
        if (o.query != null) {
            throw bad.apply("--query goes with a jdbc: --source");
        }
        Path file = Path.of(o.source);
        if (!Files.isRegularFile(file)) {
            throw bad.apply("--source: no such file: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return new JsonLinesSource(file, o.idColumn);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            CsvSource csv = CsvSource.of(file, o.idColumn).withColumnTypes(model.info().inputSchema());
            return name.endsWith(".tsv") ? csv.withSeparator('\t') : csv;
        }
        throw bad.apply("--source: expected a .csv, .tsv or .jsonl file or a jdbc: URL, got " + o.source);
    }

    /** The sink an option names, with columns derived from the model's output type. */
    static <O> Sink<O> sink(JobOptions o, Class<O> outputType, Function<String, ParameterException> bad) {
        if (o.sink.startsWith("jdbc:")) {
            if (o.table == null || o.table.isBlank()) {
                throw bad.apply("--sink " + JdbcDatabase.url(o.sink) + " needs --table");
            }
            return JdbcSink.builder(JdbcDatabase.url(o.sink), outputType).table(o.table).idColumn(o.idColumn).build();
        }
        if (o.table != null) {
            throw bad.apply("--table goes with a jdbc: --sink");
        }
        Path file = Path.of(o.sink).toAbsolutePath();
        if (!Files.isDirectory(file.getParent())) {
            throw bad.apply("--sink: no such folder: " + file.getParent());
        }
        return new FileSink<>(file, o.idColumn, PredictionColumns.derive(outputType));
    }
}
