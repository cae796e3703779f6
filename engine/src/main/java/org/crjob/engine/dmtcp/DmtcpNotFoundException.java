package org.crjob.engine.dmtcp;

/** DMTCP is not installed where crjob looks for it; the message says how a user gets it. */
public final class DmtcpNotFoundException extends IllegalStateException {
    public DmtcpNotFoundException(String message) {
        super(message);
    }
}
