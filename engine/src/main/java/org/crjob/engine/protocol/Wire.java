package org.crjob.engine.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Encoding and decoding of request lines, shared by the server and the client. */
public final class Wire {

    /** Requests are a command and a few arguments; anything longer is garbage or an attack. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Replies can carry a long checkpoint history, but a peer that is not a coordinator must not fill the heap. */
    static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    static final String EXAMPLE = "{\"token\":\"<from coordinator.json>\",\"command\":\"status\"}";

    /** Thrown for a request line the server answers with {@value ErrorCode#BAD_REQUEST}. */
    static final class BadRequestException extends Exception {
        BadRequestException(String message) {
            super(message);
        }
    }

    private Wire() {
    }

    static String requestLine(String token, Request request) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("token", token);
        node.put("command", request.command());
        if (!request.args().isEmpty()) {
            node.set("args", request.args());
        }
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree as text: " + e.getOriginalMessage(), e);
        }
    }

    /** Strict UTF-8 and JSON to an object. Messages never quote the line: it may hold the token. */
    static ObjectNode parseObject(byte[] line) throws BadRequestException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("request is not valid UTF-8; send one JSON object per line, e.g. " + EXAMPLE);
        }
        if (text.isBlank()) {
            throw new BadRequestException("empty request line; send one JSON object per line, e.g. " + EXAMPLE);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("request is not valid JSON (" + where(e)
                    + "); send one JSON object per line, e.g. " + EXAMPLE);
        }
        if (!node.isObject()) {
            throw new BadRequestException("request is a JSON " + kind(node)
                    + ", not an object; send one JSON object per line, e.g. " + EXAMPLE);
        }
        return (ObjectNode) node;
    }

    /** Where a parse failed, for messages; Jackson's own message may quote the input. */
    static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "malformed" : "malformed at column " + at.getColumnNr();
    }

    static String kind(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase();
    }

    /**
     * A value a client sent, made fit for a one-line message or log: quoted, control characters
     * escaped (no forged log lines), and cut short (no 64 KiB log lines).
     */
    public static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("\"");
        int limit = 60;
        for (int i = 0; i < value.length(); i++) {
            if (i == limit) {
                out.append("...");
                break;
            }
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
