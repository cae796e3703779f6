package org.crjob.engine.protocol;

/**
 * The {@code code} of a failed reply. Strings rather than an enum because a handler may use its own
 * codes (see {@link RequestFailedException}); these are the ones the server itself produces, plus
 * the handler's default.
 */
public final class ErrorCode {

    /** No token, or not this job's token. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** Not UTF-8, not JSON, not an object, no command, args not an object, or a line too long. */
    public static final String BAD_REQUEST = "bad-request";
    /** The command is not one the coordinator knows. */
    public static final String UNKNOWN_COMMAND = "unknown-command";
    /** The command ran and could not do what was asked; the message says why. */
    public static final String FAILED = "failed";
    /** A bug in the coordinator; the details are in its log, not in the reply. */
    public static final String INTERNAL = "internal";
    /** Too many connections at once; try again in a moment. */
    public static final String BUSY = "busy";

    private ErrorCode() {
    }

    /** Codes travel on the wire and end up in scripts' conditions, so keep them to one plain word form. */
    static boolean isWellFormed(String code) {
        return code != null && code.matches("[a-z][a-z0-9-]{0,39}");
    }
}
