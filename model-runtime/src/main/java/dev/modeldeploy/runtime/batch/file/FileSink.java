package dev.modeldeploy.runtime.batch.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.modeldeploy.runtime.batch.ChunkRange;
import dev.modeldeploy.runtime.batch.PredictionColumns;
import dev.modeldeploy.runtime.batch.PredictionRows;
import dev.modeldeploy.runtime.batch.Rejected;
import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.batch.Scored;
import dev.modeldeploy.runtime.batch.Sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes predictions to a CSV or JSON-Lines file that appears complete or not at all. While a run is
 * going, each committed chunk is a part file in a staging folder beside the output
 * ({@code scores.csv.parts/}) and a line in its ledger ({@code ledger.jsonl}, fsynced), so a crashed
 * run resumes after its committed chunks; when the run succeeds the parts are joined into a temporary
 * file that is renamed over the output, and rejects go to {@code <output>.rejects.<ext>} the same way.
 *
 * <p>Rows hold the id, the prediction columns, the model name and version, the run key and the time
 * scored; with {@link PredictionRows#ranked ranked rows} a prediction is several rows, each with its
 * rank after the id. One sink serves one output file and one run at a time; {@link #commit} is
 * thread-safe.
 *
 * @param <O> the prediction type
 */
public final class FileSink<O> implements Sink<O> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final com.fasterxml.jackson.databind.ObjectWriter CSV_ROW = new CsvMapper().writer(CsvSchema.emptySchema());
    private static final String LEDGER = "ledger.jsonl";

    /** The output file's format. */
    public enum Format {
        CSV("csv"), JSON_LINES("jsonl");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** From a file name: {@code .jsonl} or {@code .ndjson} is JSON-Lines, anything else CSV. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON_LINES : CSV;
        }
    }

    private final Path output;
    private final Format format;
    private final String idColumn;
    private final PredictionRows<O> layout;
    private final Path staging;
    private final Object ledgerLock = new Object();

    /**
     * @param output   the file to write (its format from the extension)
     * @param idColumn the name of the id column
     * @param columns  how a prediction becomes columns
     */
    public FileSink(Path output, String idColumn, PredictionColumns<O> columns) {
        this(output, idColumn, PredictionRows.single(columns));
    }

    /**
     * @param output   the file to write (its format from the extension)
     * @param idColumn the name of the id column
     * @param rows     how a prediction becomes rows (one, or several ranked ones)
     */
    public FileSink(Path output, String idColumn, PredictionRows<O> rows) {
        this.output = output.toAbsolutePath().normalize();
        this.format = Format.of(output);
        this.idColumn = Objects.requireNonNull(idColumn, "idColumn");
        this.layout = Objects.requireNonNull(rows, "rows");
        this.staging = this.output.resolveSibling(this.output.getFileName() + ".parts");
    }

    /** The output file. */
    public Path output() {
        return output;
    }

    /** The rejects file. */
    public Path rejectsOutput() {
        return output.resolveSibling(output.getFileName() + ".rejects." + format.extension);
    }

    @Override
    public Resume open(RunKey key) throws IOException {
        Files.createDirectories(staging);
        Set<ChunkRange> committed = new HashSet<>();
        int version = 0;
        String previousKey = null;
        for (ObjectNode line : readLedger()) {
            if (line.has("runKey")) {
                previousKey = line.get("runKey").asText();
                version = line.get("modelVersion").asInt();
            } else if (line.has("from")) {
                committed.add(new ChunkRange(line.get("from").asText(), line.get("to").asText()));
            }
        }
        if (previousKey != null && !previousKey.equals(key.toString())) {
            // Parts of another run key's unfinished run: this output now belongs to the new run.
            clearStaging();
            return Resume.fresh();
        }
        return new Resume(committed, committed.isEmpty() ? 0 : version);
    }

    @Override
    public void begin(RunInfo run) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("runKey", run.key().toString());
        header.put("modelVersion", run.modelVersion());
        header.put("attempt", run.attempt());
        header.put("startedAt", run.startedAt().toString());
        appendLedger(header);
    }

    @Override
    public void commit(RunInfo run, ChunkRange range, List<Scored<O>> predictions, List<Rejected> rejects) throws IOException {
        String part = partName(range);
        String scoredAt = Instant.now().toString();
        writeAtomically(staging.resolve(part + ".out"), out -> writeRows(out, predictions, run, scoredAt));
        writeAtomically(staging.resolve(part + ".rej"), out -> writeRejects(out, rejects, run, scoredAt));
        ObjectNode line = JSON.createObjectNode();
        line.put("from", range.from());
        line.put("to", range.to());
        line.put("part", part);
        line.put("rows", predictions.size());
        line.put("rejects", rejects.size());
        // The ledger line is what makes the chunk committed; a part without one is simply written again.
        appendLedger(line);
    }

    @Override
    public void finish(RunInfo run, RunSummary summary) throws IOException {
        if (summary.status() != RunStatus.SUCCEEDED) {
            return; // Keep the parts for the resume.
        }
        List<String> parts = new ArrayList<>();
        for (ObjectNode line : readLedger()) {
            if (line.has("part")) {
                parts.add(line.get("part").asText());
            }
        }
        parts.sort(Comparator.naturalOrder());
        join(parts, ".out", output, header(false));
        join(parts, ".rej", rejectsOutput(), header(true));
        clearStaging();
    }

    private List<String> header(boolean rejects) {
        List<String> names = new ArrayList<>();
        names.add(idColumn);
        if (rejects) {
            names.add("reason");
        } else {
            names.addAll(layout.names());
            names.add("model_name");
            names.add("model_version");
        }
        names.add("run_key");
        names.add(rejects ? "rejected_at" : "scored_at");
        return names;
    }

    private void writeRows(Writer out, List<Scored<O>> predictions, RunInfo run, String scoredAt) throws IOException {
        List<String> names = header(false);
        for (Scored<O> s : predictions) {
            for (Object[] values : layout.rows(s.prediction())) {
                Object[] row = new Object[names.size()];
                row[0] = s.id();
                System.arraycopy(values, 0, row, 1, values.length);
                row[values.length + 1] = run.modelName();
                row[values.length + 2] = run.modelVersion();
                row[values.length + 3] = run.key().toString();
                row[values.length + 4] = scoredAt;
                writeRow(out, names, row);
            }
        }
    }

    private void writeRejects(Writer out, List<Rejected> rejects, RunInfo run, String at) throws IOException {
        List<String> names = header(true);
        for (Rejected r : rejects) {
            writeRow(out, names, new Object[] {r.id(), r.reason(), run.key().toString(), at});
        }
    }

    private void writeRow(Writer out, List<String> names, Object[] row) throws IOException {
        if (format == Format.JSON_LINES) {
            ObjectNode node = JSON.createObjectNode();
            for (int i = 0; i < names.size(); i++) {
                node.set(names.get(i), JSON.valueToTree(row[i] instanceof java.time.temporal.Temporal t ? t.toString() : row[i]));
            }
            out.write(JSON.writeValueAsString(node));
            out.write('\n');
        } else {
            String[] cells = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                cells[i] = row[i] == null ? "" : row[i].toString();
            }
            out.write(CSV_ROW.writeValueAsString(cells));
        }
    }

    private void join(List<String> parts, String suffix, Path target, List<String> header) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                if (format == Format.CSV) {
                    Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                    writeRow(w, header, header.toArray());
                    w.flush();
                }
                for (String part : parts) {
                    Files.copy(staging.resolve(part + suffix), out);
                }
            }
            force(temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private interface RowWriter {
        void write(Writer out) throws IOException;
    }

    private static void writeAtomically(Path target, RowWriter rows) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                rows.write(out);
            }
            force(temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void appendLedger(ObjectNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (ledgerLock) {
            try (FileChannel ch = FileChannel.open(staging.resolve(LEDGER), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
        }
    }

    private List<ObjectNode> readLedger() throws IOException {
        List<ObjectNode> lines = new ArrayList<>();
        List<String> text;
        try {
            text = Files.readAllLines(staging.resolve(LEDGER), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return lines;
        }
        for (String line : text) {
            try {
                if (JSON.readTree(line) instanceof ObjectNode node) {
                    lines.add(node);
                }
            } catch (IOException torn) {
                // A crash mid-append leaves a torn last line: that chunk was never committed.
            }
        }
        return lines;
    }

    private void clearStaging() throws IOException {
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.list(staging)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(staging);
    }

    private static String partName(ChunkRange range) {
        // Sortable for numeric positions; hashed otherwise so any position text makes a safe file name.
        if (range.from().matches("\\d{1,18}") && range.to().matches("\\d{1,18}")) {
            return String.format("part-%019d-%019d", Long.parseLong(range.from()), Long.parseLong(range.to()));
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((range.from() + "\u0000" + range.to()).getBytes(StandardCharsets.UTF_8));
            return "part-" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
