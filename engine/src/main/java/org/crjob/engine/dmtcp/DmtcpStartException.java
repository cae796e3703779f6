package org.crjob.engine.dmtcp;

/** The job's dmtcp_coordinator could not be started. */
public final class DmtcpStartException extends IllegalStateException {
    public DmtcpStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
