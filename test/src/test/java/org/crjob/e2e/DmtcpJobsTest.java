package org.crjob.e2e;

import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.junit.jupiter.api.BeforeAll;

/** A {@link SubmittedJobsTest} whose jobs run under DMTCP: skipped where DMTCP is not installed. */
abstract class DmtcpJobsTest extends SubmittedJobsTest {
    /** The DMTCP the jobs use, found through DMTCP_ROOT then PATH. */
    static DmtcpInstallation dmtcp;

    DmtcpJobsTest(SubmittedJobs jobs) {
        super(jobs);
    }

    @BeforeAll
    static void dmtcpInstalled() {
        dmtcp = DmtcpForTests.installationOrSkip();
    }
}
