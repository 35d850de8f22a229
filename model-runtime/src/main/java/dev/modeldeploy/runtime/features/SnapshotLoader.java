package dev.modeldeploy.runtime.features;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads every entity's features for a {@link SnapshotFeatureSource}: from a CSV file with a header
 * row, a JSON-Lines file, or a database query
 * ({@link dev.modeldeploy.runtime.features.jdbc.JdbcSnapshotLoader}). A key that appears twice fails
 * the load, since the snapshot could not say which row is right. Implementations read afresh on each
 * call and may be called from any thread (one at a time).
 */
@FunctionalInterface
public interface SnapshotLoader {
    /** Every entity's fields by canonical key ({@link EntityKeys#of}); fields with null values are dropped by the snapshot. */
    Map<String, Map<String, Object>> load() throws Exception;

    /** A CSV file with a header row; {@code keyColumn} holds the entity key; cells typed by {@code types}, empty cells missing. */
    static SnapshotLoader csv(Path file, String keyColumn, FeatureTypes types) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(types, "types");
        CsvMapper csv = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();
        return named(file.toString(), () -> {
            Map<String, Map<String, Object>> out = new HashMap<>();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                         .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
                long row = 1;
                while (rows.hasNext()) {
                    row++;
                    Map<String, String> cells = new LinkedHashMap<>(rows.next());
                    String key = cells.remove(keyColumn);
                    Snapshots.put(out, key, types.typed(cells), file + ": row " + row);
                }
            }
            return out;
        });
    }

    /** A JSON-Lines file (one object per line); {@code keyField} holds the entity key; JSON types are kept. */
    static SnapshotLoader jsonLines(Path file, String keyField) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(keyField, "keyField");
        ObjectMapper json = JsonMapper.builder().build();
        TypeReference<Map<String, Object>> entity = new TypeReference<>() {
        };
        return named(file.toString(), () -> {
            Map<String, Map<String, Object>> out = new HashMap<>();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 MappingIterator<Map<String, Object>> lines = json.readerFor(entity).readValues(in)) {
                while (lines.hasNextValue()) {
                    Map<String, Object> fields = new HashMap<>(lines.nextValue());
                    Object key = fields.remove(keyField);
                    Snapshots.put(out, EntityKeys.of(key), fields, file + ": line " + lines.getCurrentLocation().getLineNr());
                }
            } catch (IOException e) {
                throw new IOException(file + ": not JSON Lines: " + e.getMessage(), e);
            }
            return out;
        });
    }

    private static SnapshotLoader named(String description, SnapshotLoader loader) {
        return new SnapshotLoader() {
            @Override
            public Map<String, Map<String, Object>> load() throws Exception {
                return loader.load();
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
