package org.crjob.engine.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code events.jsonl}: its time, its name and its other fields. Fields are read leniently, by name,
 * so that a log of an older or newer crjob (fields missing, fields added) still reads.
 */
record JobEvent(Instant time, String name, JsonNode fields) {

    boolean is(String eventName) {
        return name.equals(eventName);
    }

    /** A field as text; an array (a command line, as crjob writes it) as its items joined by spaces. */
    Optional<String> text(String field) {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return Optional.of(String.join(" ", items));
        }
        return Optional.of(value.asText());
    }

    Optional<Double> number(String field) {
        JsonNode value = fields.get(field);
        return value != null && value.isNumber() ? Optional.of(value.asDouble()) : Optional.empty();
    }

    Optional<Integer> integer(String field) {
        return number(field).map(Double::intValue);
    }

    Optional<Instant> instant(String field) {
        try {
            return text(field).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean flag(String field) {
        JsonNode value = fields.get(field);
        return value != null && value.asBoolean(false);
    }

    List<Integer> integers(String field) {
        List<Integer> all = new ArrayList<>();
        JsonNode value = fields.get(field);
        if (value != null && value.isArray()) {
            value.forEach(item -> all.add(item.asInt()));
        }
        return all;
    }
}
