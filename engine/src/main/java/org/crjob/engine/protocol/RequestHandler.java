package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the coordinator does with a command. Called on the connection's own thread, concurrently for
 * different connections, so it must be thread-safe; it may block for as long as the work takes (a
 * checkpoint can take minutes), and should give up when its thread is interrupted (server shutdown).
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @return the reply's {@code result}; null means an empty object
     * @throws RequestFailedException when the command cannot do what was asked; its code and message
     *                                go to the client. Anything else thrown is a bug: the client gets
     *                                {@value ErrorCode#INTERNAL} and the server's log gets the details.
     */
    JsonNode handle(Request request) throws RequestFailedException;
}
