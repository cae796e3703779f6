package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One command as the handler sees it. The token is checked by the server and deliberately not kept
 * here, so no handler can log or echo it by accident.
 *
 * @param command the command name, e.g. {@code checkpoint}
 * @param args    its arguments; an empty object when the request had none
 */
public record Request(String command, ObjectNode args) {

    public Request {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("a request needs a command name, got " + Wire.quote(command));
        }
        args = args == null ? JsonNodeFactory.instance.objectNode() : args;
    }

    public static Request of(String command) {
        return new Request(command, null);
    }
}
