package org.crjob.engine.protocol;

import java.util.Collection;
import java.util.TreeSet;

/**
 * A command could not do what was asked, for a reason the client should read, e.g. "no checkpoint
 * yet: the application has not started". The message goes into the reply as is (on one line), so it
 * should say what was wrong and what to do.
 */
public class RequestFailedException extends Exception {

    private final String code;

    /** Fails with code {@value ErrorCode#FAILED}. */
    public RequestFailedException(String message) {
        this(ErrorCode.FAILED, message);
    }

    /** Fails with {@code code}: lowercase letters, digits and dashes, e.g. {@code no-checkpoint}. */
    public RequestFailedException(String code, String message) {
        super(message);
        if (!ErrorCode.isWellFormed(code)) {
            throw new IllegalArgumentException("reply code " + Wire.quote(code)
                    + " is not lowercase letters, digits and dashes; use e.g. \"" + ErrorCode.FAILED + "\"");
        }
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The {@value ErrorCode#UNKNOWN_COMMAND} failure: names the command and lists the ones there are. */
    public static RequestFailedException unknownCommand(String command, Collection<String> known) {
        return new RequestFailedException(ErrorCode.UNKNOWN_COMMAND, "unknown command " + Wire.quote(command)
                + ": this coordinator knows " + String.join(", ", new TreeSet<>(known)));
    }
}
