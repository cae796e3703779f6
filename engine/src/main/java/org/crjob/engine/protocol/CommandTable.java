package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RequestHandler} that dispatches on the command name and answers every other name with
 * {@value ErrorCode#UNKNOWN_COMMAND}. Safe to call from many connection threads at once.
 */
public final class CommandTable implements RequestHandler {

    private final Map<String, RequestHandler> commands = new ConcurrentHashMap<>();

    /** Adds {@code command}; returns this table, for chaining. */
    public CommandTable on(String command, RequestHandler handler) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("a command needs a name, got " + Wire.quote(command));
        }
        if (commands.putIfAbsent(command, handler) != null) {
            throw new IllegalArgumentException("command " + Wire.quote(command) + " is already in the table");
        }
        return this;
    }

    @Override
    public JsonNode handle(Request request) throws RequestFailedException {
        RequestHandler handler = commands.get(request.command());
        if (handler == null) {
            throw RequestFailedException.unknownCommand(request.command(), commands.keySet());
        }
        return handler.handle(request);
    }
}
