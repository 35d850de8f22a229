package dev.modeldeploy.runtime.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Joins the rollout's JSON Lines assignment log ({@link dev.modeldeploy.runtime.rollout.log.JsonLinesAssignmentSink})
 * with an outcomes file keyed by unit, and feeds one outcome per unit to an {@link ExperimentAnalysis}.
 *
 * <p>The outcomes file is CSV with a header when its name ends in {@code .csv}, JSON Lines otherwise; its unit
 * and value fields are named {@code unit} and {@code value} unless set. A value is a number or a boolean
 * ({@code true} = 1). It is held in memory (one entry per unit); the log, usually much larger (a line per
 * request), is streamed.
 *
 * <p><b>Which assignment counts:</b> the <em>first</em> one of each unit in the log (intent to treat: the unit
 * was exposed to that arm first, and what happened after is that arm's effect). Units logged in more than
 * one arm, which happens when weights change mid-experiment, are counted in {@link JoinCounts#switchedUnits()}.
 * Units assigned but absent from the outcomes file get {@link Builder#missingOutcome(double)} when set
 * (for conversions typically 0: no order means no conversion) and are skipped otherwise; outcomes of units
 * never assigned are ignored and counted.
 *
 * <p>Immutable and thread-safe; each {@link #into} reads the files again.
 */
public final class AssignmentJoin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path assignmentLog;
    private final Path outcomes;
    private final String experiment;
    private final String unitField;
    private final String valueField;
    private final Double missingOutcome;
    private final boolean growing;

    private AssignmentJoin(Builder b) {
        this.assignmentLog = b.assignmentLog;
        this.outcomes = b.outcomes;
        this.experiment = b.experiment;
        this.unitField = b.unitField;
        this.valueField = b.valueField;
        this.missingOutcome = b.missingOutcome;
        this.growing = b.growing;
    }

    private BufferedReader open(Path file) throws IOException {
        return growing ? CompleteLines.open(file) : Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** A join of the JSON Lines {@code assignmentLog} with the {@code outcomes} file. */
    public static Builder builder(Path assignmentLog, Path outcomes) {
        return new Builder(assignmentLog, outcomes);
    }

    /**
     * Reads both files and adds each assigned unit's outcome to {@code analysis} under its first arm.
     *
     * @throws IOException          when a file cannot be read
     * @throws ExperimentException  when a line or row is malformed (named by its line number)
     */
    public JoinCounts into(ExperimentAnalysis analysis) throws IOException {
        Objects.requireNonNull(analysis, "analysis");
        Map<String, Double> values = readOutcomes();
        Map<String, String> firstArm = new HashMap<>();
        long lines = 0;
        Set<String> switched = new HashSet<>();
        try (BufferedReader in = open(assignmentLog)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(line, assignmentLog, lines);
                String unit = text(node, "unit", assignmentLog, lines);
                String variant = text(node, "variant", assignmentLog, lines);
                if (experiment != null && !experiment.equals(text(node, "experiment", assignmentLog, lines))) {
                    continue;
                }
                String first = firstArm.putIfAbsent(unit, variant);
                if (first != null && !first.equals(variant)) {
                    switched.add(unit);
                }
            }
        }
        long added = 0;
        long withoutOutcome = 0;
        for (Map.Entry<String, String> e : firstArm.entrySet()) {
            Double value = values.get(e.getKey());
            if (value == null) {
                withoutOutcome++;
                value = missingOutcome;
            }
            if (value != null) {
                analysis.add(e.getValue(), value);
                added++;
            }
        }
        long unassigned = values.keySet().stream().filter(u -> !firstArm.containsKey(u)).count();
        return new JoinCounts(firstArm.size(), added, withoutOutcome, unassigned, switched.size());
    }

    private Map<String, Double> readOutcomes() throws IOException {
        Map<String, Double> values = new HashMap<>();
        boolean csv = outcomes.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        if (csv) {
            CsvMapper mapper = new CsvMapper();
            try (BufferedReader in = open(outcomes);
                 MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                         .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
                long row = 1;
                while (rows.hasNext()) {
                    row++;
                    Map<String, String> r = rows.next();
                    String unit = r.get(unitField);
                    if (unit == null || !r.containsKey(valueField)) {
                        throw new ExperimentException(outcomes + " line " + row + ": no column " + unitField + " or " + valueField);
                    }
                    values.put(unit, number(r.get(valueField), outcomes, row));
                }
            }
        } else {
            try (BufferedReader in = open(outcomes)) {
                String line;
                long n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = parse(line, outcomes, n);
                    String unit = text(node, unitField, outcomes, n);
                    JsonNode v = node.get(valueField);
                    if (v == null || v.isNull()) {
                        throw new ExperimentException(outcomes + " line " + n + ": no " + valueField);
                    }
                    values.put(unit, v.isBoolean() ? (v.asBoolean() ? 1.0 : 0.0)
                            : v.isNumber() ? v.asDouble() : number(v.asText(), outcomes, n));
                }
            }
        }
        return values;
    }

    private static JsonNode parse(String line, Path file, long n) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new ExperimentException(file + " line " + n + ": not JSON", e);
        }
    }

    private static String text(JsonNode node, String field, Path file, long n) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new ExperimentException(file + " line " + n + ": no " + field);
        }
        return v.asText();
    }

    private static double number(String text, Path file, long n) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("true")) {
            return 1;
        }
        if (t.equalsIgnoreCase("false")) {
            return 0;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ExperimentException(file + " line " + n + ": outcome is not a number: " + t);
        }
    }

    /**
     * What a join found. Immutable.
     *
     * @param assignedUnits      distinct units in the log (of the experiment, when one is set)
     * @param added              outcomes added to the analysis
     * @param withoutOutcome     assigned units absent from the outcomes file
     * @param unassignedOutcomes outcomes of units the log never assigned (ignored)
     * @param switchedUnits      units logged in more than one arm (counted in their first)
     */
    public record JoinCounts(long assignedUnits, long added, long withoutOutcome, long unassignedOutcomes,
                             long switchedUnits) {
    }

    /** Options of an {@link AssignmentJoin}; used from one thread. */
    public static final class Builder {
        private final Path assignmentLog;
        private final Path outcomes;
        private String experiment;
        private String unitField = "unit";
        private String valueField = "value";
        private Double missingOutcome;
        private boolean growing;

        private Builder(Path assignmentLog, Path outcomes) {
            this.assignmentLog = Objects.requireNonNull(assignmentLog, "assignmentLog");
            this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        }

        /** Only assignments of this experiment (the log's {@code experiment} field); default: all. */
        public Builder experiment(String experiment) {
            this.experiment = Objects.requireNonNull(experiment, "experiment");
            return this;
        }

        /** The outcomes file's unit field or column; default {@code unit}. */
        public Builder unitField(String unitField) {
            this.unitField = Objects.requireNonNull(unitField, "unitField");
            return this;
        }

        /** The outcomes file's value field or column; default {@code value}. */
        public Builder valueField(String valueField) {
            this.valueField = Objects.requireNonNull(valueField, "valueField");
            return this;
        }

        /** The outcome of assigned units missing from the outcomes file (0 for conversions); default: skip them. */
        public Builder missingOutcome(double missingOutcome) {
            this.missingOutcome = missingOutcome;
            return this;
        }

        /**
         * The files are still being appended to (a live service's log): each is read up to its last newline,
         * so that a line being written is left for the next join instead of failing this one as malformed.
         * Off by default: a finished file's last line counts even without a newline.
         */
        public Builder growing() {
            this.growing = true;
            return this;
        }

        /** The join. */
        public AssignmentJoin build() {
            return new AssignmentJoin(this);
        }
    }
}
