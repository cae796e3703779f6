package org.crjob.engine.dmtcp;

import org.crjob.failure.UnexpectedStateException;

/** The job's dmtcp_coordinator could not be started. */
public final class DmtcpStartException extends UnexpectedStateException {
    public DmtcpStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
