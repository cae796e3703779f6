package org.crjob.engine.protocol;

/**
 * The coordinator answered {@code "ok":false}. The message is the coordinator's, meant for the user
 * as is; {@link #code()} is one of {@link ErrorCode} or a handler's own, for programs to branch on.
 */
public class CoordinatorReplyException extends CoordinatorException {

    private final String code;

    public CoordinatorReplyException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
