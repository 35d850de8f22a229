package dev.modeldeploy.runtime.rollout.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends assignments to a JSON Lines file, one object per line:
 * {@code {"time":"2026-11-22T02:10:00.123Z","unit":"u-42","experiment":"eta/canary/v2","variant":"v2",
 * "model":"eta","version":2,"prediction":{"value":17.5}}}. Flushed after every batch. Used from one
 * thread (the log's writer).
 */
public final class JsonLinesAssignmentSink implements AssignmentSink {
    /** Dates and times in a prediction as ISO-8601 text, as the line's own time. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final BufferedWriter out;

    /** Appends to {@code file}, creating it (and its parent folders) if needed. */
    public JsonLinesAssignmentSink(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void write(List<Assignment> batch) throws IOException {
        for (Assignment a : batch) {
            out.write(line(a));
            out.write('\n');
        }
        out.flush();
    }

    /** One assignment as a line of JSON (without the newline). */
    static String line(Assignment a) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", a.time().toString());
        node.put("unit", a.unit());
        node.put("experiment", a.experiment());
        node.put("variant", a.variant());
        node.put("model", a.model());
        node.put("version", a.version());
        node.set("prediction", JSON.valueToTree(a.prediction()));
        return JSON.writeValueAsString(node);
    }

    /** The prediction alone as JSON text. */
    static String predictionJson(Object prediction) throws IOException {
        return JSON.writeValueAsString(prediction);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
