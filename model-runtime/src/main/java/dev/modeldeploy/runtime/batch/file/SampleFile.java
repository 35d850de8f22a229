package dev.modeldeploy.runtime.batch.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a whole, small file of records into field maps: a training sample to compute a monitoring baseline
 * from, or an input example. A {@code .csv} file has a header row; its values are typed by the schema's
 * fields where it has them (numbers, booleans, strings, dates), and are numbers elsewhere when they parse
 * as one; an empty value is null. A {@code .jsonl} (or {@code .ndjson}) file holds one JSON object per
 * line, whose values keep their JSON types. Unlike the batch sources, which reject one bad record and go
 * on, a malformed row fails the whole read, naming its line: a sample is all or nothing. Stateless.
 */
public final class SampleFile {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private SampleFile() {
    }

    /**
     * The records of {@code file}, in file order.
     *
     * @param file   a {@code .csv}, {@code .jsonl} or {@code .ndjson} file
     * @param schema types CSV columns (usually the model's input schema; {@link Schema#empty()} for none)
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is not of a known kind, holds no record, or a row is
     *                                  malformed (named by its line number)
     */
    public static List<Map<String, Object>> read(Path file, Schema schema) throws IOException {
        Objects.requireNonNull(schema, "schema");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> records;
        if (name.endsWith(".csv")) {
            records = readCsv(file, schema);
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            records = readJsonLines(file);
        } else {
            throw new IllegalArgumentException(file + ": expected a .csv file with a header row or a .jsonl file");
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(file + ": no records");
        }
        return records;
    }

    private static List<Map<String, Object>> readCsv(Path file, Schema schema) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        long line = 1; // The header's.
        try (BufferedReader in = Files.newBufferedReader(file);
             MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (true) {
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    line++;
                    row = rows.nextValue();
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + " line " + (line == 1 ? 2 : line) + ": " + e.getOriginalMessage(), e);
                }
                int columns = ((CsvParser) rows.getParser()).getSchema().size();
                if (row.size() != columns) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + row.size() + " values, but the header has "
                            + columns + " columns");
                }
                out.add(typed(row, schema, file, line));
            }
        }
        return out;
    }

    private static Map<String, Object> typed(Map<String, String> row, Schema schema, Path file, long line) {
        Map<String, Object> out = new LinkedHashMap<>(row.size() * 2);
        for (Map.Entry<String, String> e : row.entrySet()) {
            String text = e.getValue();
            Field field = schema.field(e.getKey()).orElse(null);
            Object value;
            if (text == null || text.isEmpty()) {
                value = null;
            } else if (field != null) {
                value = FileRecords.parse(text, field);
                if (value instanceof String && field.type() != FieldType.STRING && field.type() != FieldType.FLOAT_ARRAY) {
                    throw new IllegalArgumentException(file + " line " + line + ": " + e.getKey() + " is not a "
                            + field.type().name().toLowerCase(Locale.ROOT) + ": '" + text + "'");
                }
            } else {
                value = numberOrText(text);
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    private static Object numberOrText(String text) {
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException notInteger) {
            try {
                double d = Double.parseDouble(text);
                // "NaN" and "Infinity" parse, but in a CSV they are more likely words than numbers.
                return Double.isFinite(d) ? d : text;
            } catch (NumberFormatException notNumber) {
                return text;
            }
        }
    }

    private static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + " line " + line + ": not JSON: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException(file + " line " + line + ": not a JSON object");
                }
                out.add(JSON.convertValue(node, RECORD));
            }
        }
        return out;
    }
}
