package org.crjob.engine.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One reply line: {@code {"ok":true,"result":{...}}} or {@code {"ok":false,"error":"...","code":"..."}}.
 *
 * @param ok     whether the command did what was asked
 * @param result what it returned; null when not ok
 * @param error  one line for a human; null when ok
 * @param code   one of {@link ErrorCode} or a handler's own; null when ok
 */
public record Reply(boolean ok, JsonNode result, String error, String code) {

    public Reply {
        if (ok) {
            result = result == null ? JsonNodeFactory.instance.objectNode() : result;
            error = null;
            code = null;
        } else {
            result = null;
            error = oneLine(error == null || error.isBlank() ? "(no message)" : error);
            code = code == null ? ErrorCode.FAILED : code;
        }
    }

    public static Reply ok(JsonNode result) {
        return new Reply(true, result, null, null);
    }

    public static Reply error(String code, String message) {
        return new Reply(false, null, message, code);
    }

    /** The reply as one line of JSON, without the newline. */
    public String toLine() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ok", ok);
        if (ok) {
            node.set("result", result);
        } else {
            node.put("error", error);
            node.put("code", code);
        }
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree as text: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a reply line.
     *
     * @throws IllegalArgumentException when the line is not a reply; the message says what is wrong
     *                                  without quoting the line
     */
    public static Reply parse(String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + Wire.where(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a JSON " + Wire.kind(node) + ", not an object");
        }
        JsonNode ok = node.get("ok");
        if (ok == null || !ok.isBoolean()) {
            throw new IllegalArgumentException("no boolean \"ok\" field");
        }
        if (ok.booleanValue()) {
            return ok(node.get("result"));
        }
        return error(node.path("code").asText(null), node.path("error").asText(null));
    }

    /** Error messages end up on a terminal, one per line; a handler's multi-line message must not break that. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
