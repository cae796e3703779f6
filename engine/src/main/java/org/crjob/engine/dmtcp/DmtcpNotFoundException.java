package org.crjob.engine.dmtcp;

import org.crjob.failure.UnexpectedStateException;

/** DMTCP is not installed where crjob looks for it; the message says how a user gets it. */
public final class DmtcpNotFoundException extends UnexpectedStateException {
    public DmtcpNotFoundException(String message) {
        super(message);
    }
}
