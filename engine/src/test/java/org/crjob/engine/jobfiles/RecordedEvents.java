package org.crjob.engine.jobfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crjob.engine.protocol.Json;

/** A job's {@code events.jsonl} as a test reads it: every line parsed, or those of one event. */
public record RecordedEvents(Path file) {

    public List<JsonNode> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().map(RecordedEvents::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JsonNode> named(String event) {
        return all().stream().filter(e -> e.path("event").asText().equals(event)).toList();
    }

    /** The one line of {@code event}; fails when there is none or more than one. */
    public JsonNode only(String event) {
        List<JsonNode> lines = named(event);
        if (lines.size() != 1) {
            throw new AssertionError("expected one " + event + " event in " + file + ", got " + all());
        }
        return lines.get(0);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
