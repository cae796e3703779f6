package org.crjob.engine.dmtcp;

import org.junit.jupiter.api.Assumptions;

/** DMTCP for the tests that need the real one: through DMTCP_ROOT, then PATH; skipped where it is absent. */
final class DmtcpTestSupport {
    private DmtcpTestSupport() {
    }

    static DmtcpInstallation installationOrSkip() {
        try {
            return DmtcpInstallation.find();
        } catch (DmtcpNotFoundException e) {
            Assumptions.abort("DMTCP is not installed here: set DMTCP_ROOT to a DMTCP 4.x install prefix (the"
                    + " directory holding bin/dmtcp_launch) to run this test");
            throw e; // not reached
        }
    }
}
